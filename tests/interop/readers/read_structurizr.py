"""Loads a Structurizr JSON workspace with structurizr-python (run by its own venv, which
has pydantic < 2) and prints what it read as JSON."""

import json
import sys

from structurizr import Workspace

workspace = Workspace.load(sys.argv[1])
views = list(workspace.views.system_landscape_views)
print(
    json.dumps(
        {
            "people": len(workspace.model.people),
            "softwareSystems": len(workspace.model.software_systems),
            "relationships": len(list(workspace.model.get_relationships())),
            "views": len(views),
            "elementViews": sum(len(view.element_views) for view in views),
            "relationshipViews": sum(len(view.relationship_views) for view in views),
        }
    )
)
