"""Read an admin page's form the way a browser submits it, so tests post what editors post."""

from html.parser import HTMLParser


class FormParser(HTMLParser):
    """Collects the successful controls of the first POST form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select = None
        self.select_values: list[str] = []
        self.select_first = None
        self.option = None
        self.textarea = None
        self.text: list[str] = []
        self.multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self.fields.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self.select, self.select_values, self.select_first = name, [], None
            self.multiple = "multiple" in attrs
        elif tag == "option" and self.select:
            self.option = attrs
            if self.select_first is None:
                self.select_first = attrs.get("value", "")
            if "selected" in attrs:
                self.select_values.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self.select:
            values = self.select_values
            if not values and not self.multiple and self.select_first is not None:
                values = [self.select_first]
            self.fields.setdefault(self.select, []).extend(values)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows <textarea>.
            text = "".join(self.text)
            self.fields.setdefault(self.textarea, []).append(text.removeprefix("\n"))
            self.textarea = None


def form_data(response, form_id=None):
    """The data a browser would post from the page's admin form, as a dict for the test client."""
    html = response.content.decode()
    if form_id is None:
        opts = response.context["opts"]
        form_id = f"{opts.model_name}_form"
    parser = FormParser(form_id)
    parser.feed(html)
    assert parser.fields, f"no form #{form_id} on the page"
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in parser.fields.items()
        if values
    }


def login_form_data(response):
    return form_data(response, "login-form")
