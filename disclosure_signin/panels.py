"""The dashboard's prompt to turn two-step sign-in on."""

from laces.components import Component


class TwoFactorPromptPanel(Component):
    """Shown to a publisher who signs in with the password alone."""

    name = "disclosure_two_factor_prompt"
    template_name = "disclosure_signin/two_factor_prompt.html"
    order = 40

    def get_context_data(self, parent_context):
        return {"request": parent_context["request"]}
