"""The timeline and the organisation diagram fit a phone and a laptop: nothing wider than the
screen, no label out of its box or its picture, text at 12 px or more; the header stays small."""

import pytest

from foundation.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "phone": {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    "laptop": {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
}
PICTURES = ("home", "event-list", "organisation-detail")

# For every SVG shown: its text smaller than 12 px on screen, text outside the picture, and a
# box label outside its box (the <rect> drawn before it in the same group).
PICTURE_PROBLEMS = """
const problems = [];
for (const svg of document.querySelectorAll(".svg-frame svg")) {
  if (svg.getBoundingClientRect().width === 0) continue;  // the drawing for the other width
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const view = svg.viewBox.baseVal;
  for (const text of svg.querySelectorAll("text")) {
    const size = parseFloat(text.getAttribute("font-size")) * scale;
    const label = `${svg.id} "${text.textContent.slice(0, 40)}"`;
    if (size < 11.95) problems.push(`${label} is ${size.toFixed(1)}px`);
    const box = text.getBBox();
    if (box.x < view.x - 0.5 || box.x + box.width > view.x + view.width + 0.5)
      problems.push(`${label} leaves the picture at ${(box.x + box.width).toFixed(0)}`);
    const rect = text.parentElement.querySelector("rect");
    if (text.parentElement.tagName === "g" && rect) {
      const r = rect.getBBox();
      if (box.x < r.x || box.x + box.width > r.x + r.width
          || box.y < r.y || box.y + box.height > r.y + r.height)
        problems.push(`${label} overflows its box`);
    }
  }
}
return problems;
"""


@pytest.fixture
def long_names(site):
    """Names as long as real ones get, so wrapping is exercised, not just the seed's."""
    organisation = Organisation.objects.get(slug="pytorch-foundation")
    organisation.name = "Fondation internationale pour l’apprentissage automatique ouvert PyTorch"
    organisation.save()
    Organisation.objects.filter(slug="linux-foundation").update(
        name="The Linux Foundation, Inc. (Open Source Collaboration Headquarters)"
    )
    return site


@pytest.mark.parametrize("screen", SCREENS)
def test_pictures_fit_the_screen_with_readable_unclipped_text(long_names, screen):
    site = long_names
    site.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", SCREENS[screen])
    problems = []
    for page_type in PICTURES:
        for lang in ("fr", "en"):
            browser = site.open(site.page(page_type, lang))
            shown = browser.execute_script(
                "return [...document.querySelectorAll('.svg-frame svg')]"
                ".filter((svg) => svg.getBoundingClientRect().width > 0).length"
            )
            if shown != 1:
                problems.append(f"{page_type} ({lang}) shows {shown} drawings of one picture")
            width = browser.execute_script("return window.innerWidth")
            scrolled = browser.execute_script("return document.documentElement.scrollWidth")
            if scrolled > width:
                problems.append(f"{page_type} ({lang}) is {scrolled}px wide on {width}px")
            problems += [
                f"{page_type} ({lang}): {problem}"
                for problem in browser.execute_script(PICTURE_PROBLEMS)
            ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_phone_header_takes_at_most_a_sixth_of_the_screen(site, lang):
    site.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", SCREENS["phone"])
    browser = site.open(site.page("home", lang))
    header = browser.execute_script(
        "return document.querySelector('.site-header').getBoundingClientRect().height"
    )
    assert header <= SCREENS["phone"]["height"] / 6, f"{header}px of {SCREENS['phone']['height']}"
