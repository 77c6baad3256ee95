import io, pytest
from rich.console import Console
from admin_tui.app import ConsoleApp
from tests.admin_tui.conftest import settle
pytestmark = pytest.mark.anyio

def text_of(app):
    c = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True, force_terminal=True, color_system=None)
    c.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return c.export_text()

@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_peek(box, admin, size):
    from appliance.hardware import api
    api.take_sample(box.settings, warmup_s=0.05)
    app = ConsoleApp(box)
    out = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot); out.append(text_of(app))
        app.signed_in(admin, owns_session=False)
        for key in "123456":
            await pilot.press(key); await settle(pilot); out.append(text_of(app))
        await pilot.press("question_mark"); await settle(pilot); out.append(text_of(app))
    open(f"/tmp/cbxshots/peek-{size[0]}.txt", "w").write("\n=====\n".join(out))
