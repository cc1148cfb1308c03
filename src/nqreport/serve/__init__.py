"""``nqreport serve``: the workspace as a local web page in Vietnamese, for people who never open a terminal.

The page is another interface over the same library as the command line: the board is
:mod:`nqreport.collect.status`'s, an upload goes through :func:`nqreport.collect.collect_items`, the build is
:func:`nqreport.build.build` in a child process, the blank workbook :mod:`nqreport.scaffold.blank`'s, the
resolution :mod:`nqreport.extract`'s and the template check :mod:`nqreport.templates.check`'s. The workspace
stays the only store: nothing here keeps a record a command-line user cannot see.

Modules: ``access`` (who is asking: the secret, the administrator's and the communes' links, the forms'
tokens), ``gate`` (one writer at a time on the workspace; upload quotas), ``view`` (the board, computed
again only when inputs/ changes), ``uploads`` (a workbook handed in), ``building`` and ``child`` (the build
in a child process), ``changes`` (what a build changed), ``downloads`` (only the files of the build's
manifest), ``tools`` (blank workbook, resolution, template check), ``app`` (the Flask application: checks
on every request, error pages) and the ``pages_*`` modules (its routes), ``server`` (waitress, the links
printed at start).

This package is the only one that imports Flask and waitress, and only the ``serve`` command imports it,
so the other commands start as fast as before.
"""
