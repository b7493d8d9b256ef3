"""Everything that builds what readers get: the published files (``build``), the generated docs,
the static site, charts, exports and plots, and the release. It may use the gate (the build
reads raw/ through ``gate.intake``); the gate never imports it."""
