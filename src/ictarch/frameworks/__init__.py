"""Reference frameworks as data: versioned catalogues of building blocks.

The bundled catalogues (``vn-egov.yaml``, ``ict-smartcity.yaml``, ``vn-digital.yaml``)
live next to this module; :mod:`ictarch.frameworks.catalogue` reads them, and a
province's own catalogue files, against ``schemas/catalogue.schema.json``.

:func:`national_layer` and :func:`national_layers` (from
:mod:`ictarch.frameworks.national`) say which layer of the national digital
architecture framework (QĐ 3090, catalogue ``vn-digital``) an element falls into.
"""

from ictarch.frameworks.national import national_layer, national_layers

__all__ = ["national_layer", "national_layers"]
