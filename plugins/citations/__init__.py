"""Citation checking for briefs: outlets, citation fields, quotations, links and rendering.

The pure checks live in the modules beside this one; :mod:`citations.plugin` wires
them to Pelican, and ``assay check`` calls them through the brief reader's checks.
"""

from __future__ import annotations


def register() -> None:
    from pelican import signals

    from briefs import collector

    from . import plugin

    def initialized(pelican) -> None:
        plugin.check_config(pelican.settings)

    # initialized: refuse bad settings before anything is read.
    signals.initialized.connect(initialized, weak=False)
    # The brief reader runs every registered check on each brief it reads, so a brief
    # with a citation error is reported (and skipped) like any other bad brief.
    collector.add_check(plugin.check_brief)
    # Once per build: the outlet registry itself (its problems name its lines).
    collector.add_site_check(plugin.registry_problems)
    # The files those checks read (the registry, archived sources): a brief's results
    # are taken from the build cache only while they are unchanged.
    collector.add_inputs(plugin.inputs)
    # article_generator_finalized: every brief is read and has its URL; give the
    # templates their citation data (links, "cite this brief", JSON-LD).
    signals.article_generator_finalized.connect(plugin.attach)
    # get_generators: add the generator that writes /outlets/ and /outlets/<slug>/.
    signals.get_generators.connect(plugin.get_generators)
