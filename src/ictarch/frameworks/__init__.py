"""Reference frameworks as data: versioned catalogues of building blocks.

The bundled catalogues (``vn-egov.yaml``, ``ict-smartcity.yaml``) live next to
this module; :mod:`ictarch.frameworks.catalogue` reads them, and a province's
own catalogue files, against ``schemas/catalogue.schema.json``.
"""
