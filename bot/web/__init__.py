"""The focal point's web dashboard: the round at a glance, indicators with their evidence, return and approve,
scores and downloads, served by ``dti-bot web`` (and ``dti-bot run`` when ``[web] port`` is set).

Server-rendered HTML (jinja2, autoescaped) that works without JavaScript; login by a one-time link from the bot
(``/web``), every page checking ``bot.core.permissions`` as the chat does, every change made through the same
services as the chat. Nothing here is imported by the chat side: ``dti-bot ask`` and the channels never load it.
"""
