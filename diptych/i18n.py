"""Babel's formatting for a page's language: dates, percentages, numbers, language names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent


@cache
def formats(lang: str) -> Formats:
    """The Formats of a language, made once (parsing a Babel locale costs more than formatting with it)."""
    return Formats(lang)


class Formats:
    """Babel's formatting for one page language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)

    def date(self, value: date, style: str = "long") -> str:
        return format_date(value, style, locale=self.locale)

    def percent(self, whole: int) -> str:
        """A whole percentage: 93 -> « 93 % » in French, "93%" in English."""
        return format_percent(Decimal(whole) / 100, locale=self.locale)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def language(self, code: str) -> str:
        """A language's name in this page's language: 'anglais' on a French page."""
        return self.locale.languages.get(code) or Locale.parse(code).get_display_name(self.locale) or code

    @staticmethod
    @cache
    def territorial(code: str) -> str:
        """A language with its most likely territory, as Open Graph writes locales: fr -> fr_FR, en -> en_US."""
        likely = get_global("likely_subtags").get(code, code)
        locale = Locale.parse(likely)
        return f"{locale.language}_{locale.territory}" if locale.territory else locale.language

    @staticmethod
    @cache
    def autonym(code: str) -> str:
        """A language's name in itself, capitalised as a menu item: 'Français', 'English'."""
        name = Locale.parse(code).get_display_name(code) or code
        return name[:1].upper() + name[1:]
