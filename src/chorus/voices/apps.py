from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "chorus.voices"
    label = "voices"
    verbose_name = "Voices: storytellers, consent and safeguarding"
