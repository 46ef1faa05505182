"""One fetch helper per object: a page reaches the mission its URL names through ``missions.queries.mission_for``
and nothing else, so what « a mission you may see » means (and its 404 for everyone else) is written once.
(A mission picked in a form, or found by its short code, may be missing without a 404: ``.first()`` there.)"""

import ast
from pathlib import Path

import passerelles

HELPER = "missions/queries.py"


def _own_mission_fetches(source: str) -> list[str]:
    """Every ``get_object_or_404(…)`` or ``….get(…)`` on a queryset built from ``Mission.objects.for_actor``:
    a mission that must be there (``mission_for`` is one of them)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id == "get_object_or_404" and node.args:
            queryset = node.args[0]
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            queryset = node.func.value
        else:
            continue
        if "Mission.objects.for_actor(" in ast.unparse(queryset):
            found.append(ast.unparse(node))
    return found


def test_the_detector_sees_a_page_fetching_a_mission_on_its_own():
    source = (
        "def page(request, mission_id):\n"
        "    a = get_object_or_404(Mission.objects.for_actor(request.user).select_related('x'), pk=mission_id)\n"
        "    b = Mission.objects.for_actor(request.user).get(pk=mission_id)\n"
        "    c = Mission.objects.for_actor(request.user).filter(status='published')\n"
        "    d = mission_for(request.user, mission_id)\n"
    )
    assert len(_own_mission_fetches(source)) == 2


def test_pages_reach_a_mission_only_through_mission_for():
    root = Path(passerelles.__file__).parent
    elsewhere = {
        str(path.relative_to(root)): found
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(root)) != HELPER
        for found in [_own_mission_fetches(path.read_text())]
        if found
    }
    assert elsewhere == {}
    assert _own_mission_fetches((root / HELPER).read_text())  # the helper itself is seen by the detector
