"""resources list|add|share|pack: the library of SDM resources from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

from sdm_desktop.commands import command_context, day, record_id
from sdm_desktop.errors import UserError
from sdm_desktop.progress import ConsoleProgress
from sdm_desktop.services.core.validation import ValidationError
from sdm_desktop.services.resources import files as resource_files
from sdm_desktop.services.resources import pack as resource_pack
from sdm_desktop.services.resources.library import (
    AUDIENCES,
    KINDS,
    ResourceFilter,
    ResourceInput,
    create_resource,
    delete_resources,
    list_resources,
)
from sdm_desktop.services.resources.shares import CHANNELS, ShareRequest, share_resource


def register(sub, common) -> None:
    parser = sub.add_parser("resources", parents=[common],
                            help="the library of SDM resources and who they were shared with")
    inner = parser.add_subparsers(dest="resources_command", metavar="ACTION", required=True)
    kinds = [code for code, _ in KINDS]
    show = inner.add_parser("list", parents=[common], help="list the resources")
    show.add_argument("--kind", choices=kinds, help="only resources of this kind")
    show.add_argument("--search", metavar="TEXT", help="only resources matching this text")
    show.add_argument("--tag", metavar="TAG", help="only resources with this tag")
    show.set_defaults(handler=cmd_list)
    add = inner.add_parser("add", parents=[common], help="add a resource with a link and/or an offline copy")
    add.add_argument("--title", required=True, help="the resource's title")
    add.add_argument("--kind", required=True, choices=kinds, help="what sort of resource it is")
    add.add_argument("--url", metavar="URL", help="a web link (http or https)")
    add.add_argument("--file", metavar="FILE", help="keep an offline copy of this file in the data folder")
    add.add_argument("--audience", choices=[c for c, _ in AUDIENCES if c], help="who it is for (default: anyone)")
    add.add_argument("--description", metavar="TEXT", help="what it is and when to use it")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeat for more")
    add.set_defaults(handler=cmd_add)
    share = inner.add_parser("share", parents=[common], help="record that a resource was shared")
    share.add_argument("resource_id", type=record_id("resource"), metavar="ID",
                       help="the resource's id (see 'resources list')")
    share.add_argument("--organisation", type=record_id("organisation"), action="append", default=[], metavar="ID",
                       help="a group or organisation id (repeat for more)")
    share.add_argument("--person", type=record_id("person"), action="append", default=[], metavar="ID",
                       help="a person id (repeat for more)")
    share.add_argument("--channel", choices=[c for c, _ in CHANNELS], help="how it was shared")
    share.add_argument("--date", type=day, metavar="DATE", help="when it was shared (default today)")
    share.add_argument("--notes", metavar="TEXT", help="a note kept with the share")
    share.set_defaults(handler=cmd_share)
    pack = inner.add_parser("pack", parents=[common], help="add the built-in pack of public SDM resources (links only)")
    pack.set_defaults(handler=cmd_pack)


def cmd_list(args) -> int:
    with command_context(args, take_lock=False) as ctx:
        rows = list_resources(ctx, ResourceFilter(text=args.search or "", kind=args.kind, tag=args.tag))
    print("Id\tKind\tTitle\tShared\tSource")
    for r in rows:
        print(f"{r.id}\t{r.kind}\t{r.title}\t{r.shares}\t{r.source}")
    print(f"{len(rows)} resource{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return 0


def cmd_add(args) -> int:
    source = Path(args.file) if args.file else None
    if source is not None:
        resource_files.check_source(source)    # refuse before anything is stored
    data = ResourceInput(title=args.title, kind=args.kind, url=args.url, audience=args.audience,
                         description=args.description, tags=args.tag)
    with command_context(args) as ctx:
        try:
            new_id = create_resource(ctx, data, undoable=False)
        except ValidationError as exc:
            raise UserError(f"Resource not added: {exc}") from None
        if source is not None:
            try:
                digest = resource_files.add_offline_copy(ctx, new_id, source, ConsoleProgress())
            except BaseException:
                delete_resources(ctx, [new_id])
                raise
            print(f"Offline copy kept as {digest[:12]}… ({source.name})")
    print(f"Added resource {new_id}: {data.title}")
    return 0


def cmd_share(args) -> int:
    with command_context(args) as ctx:
        report = share_resource(ctx, ShareRequest(args.resource_id, args.organisation, args.person,
                                                  args.date, args.channel, args.notes))
    for name, reason in report.refused:
        print(f"Not shared with {name}: {reason}", file=sys.stderr)
    if not report.recorded:
        raise UserError("Nothing was recorded: nobody chosen may be sent this resource.")
    print(f"Recorded {len(report.recorded)} share(s): {', '.join(report.recorded)}")
    return 0


def cmd_pack(args) -> int:
    with command_context(args) as ctx:
        added = resource_pack.load_pack(ctx, undoable=False)
    print(f"Added {added} resource(s) from the built-in pack" if added
          else "Every resource in the built-in pack is already in the library")
    return 0
