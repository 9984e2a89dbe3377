"""Yearly contribution parameters as dated data files (docs/parameters.md).

One JSON file per calendar year holds every rate and amount as dated entries, each with its source,
its status (final / draft / forecast) and the month it applies from; derived figures record what they
derive from. The program ships files (``resources/params/<year>.json``); an office installs newer ones
into its workspace (``<workspace>/params/<year>.json``), which win over the packaged ones.

* ``model`` — the parsed file: figures, entries, statuses, lookup by settlement month, and a year
  as listed (``YearFile``: origin, status, what is not final yet);
* ``validate`` — the published JSON Schema (``resources/params/params.schema.json``) and the checks
  a schema cannot express (coverage of every month, derived values, rate splits);
* ``store`` — where the files come from (packaged / installed), loading, listing and installing.

The calculator's typed view of one month's figures is ``eplatnik.forms.params.YearParams``.
"""
