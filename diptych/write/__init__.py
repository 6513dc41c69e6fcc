"""The write side's core (with cache.py, stamp.py and search.py, the only modules that write files):

- folder.py: the output folder, what a build may replace, the names of diptych's folders and marks;
- staging.py: the site into a staging folder, swapped with output/ at once; what is set aside, closed and removed;
- files.py: one file whole or not at all, new files all or none, a worker's page into the staging folder;
- remove.py: removing a folder diptych made, in the build or as the background remover's script.
"""

from .files import NewFilesFailed as NewFilesFailed
from .files import link_or_copy as link_or_copy
from .files import put as put
from .files import write_all as write_all
from .files import write_new as write_new
from .files import write_whole as write_whole
from .folder import CACHE as CACHE
from .folder import MARK as MARK
from .folder import WORKING as WORKING
from .folder import check_output_folder as check_output_folder
from .folder import output_folder as output_folder
from .folder import retired_folder as retired_folder
from .staging import Staging as Staging
from .staging import remove_later as remove_later
from .staging import replace_output as replace_output
from .staging import unwritable as unwritable
