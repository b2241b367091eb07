"""``dti-bot``: one entry point, one module per subcommand (``configure(parser)`` and ``run(args) -> int``).

Subcommand modules keep heavy imports inside ``run`` so that ``dti-bot ask`` does not pay for the Telegram stack;
and only the modules of the subcommands named on the command line are imported to build the parser (all of them
for ``--help`` or no subcommand), so one command does not pay for configuring the fifteen others.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from bot.cli.args import Parser, Refused, refuse_unreadable, report_refusal
from bot.config import ConfigError, load_settings

# (name, module, help) — the order is the order shown by --help.
SUBCOMMANDS: list[tuple[str, str, str]] = [
    ("chat", "bot.cli.chat", "trò chuyện với trợ lý ngay trong terminal"),
    ("run", "bot.cli.run", "chạy bot trên các kênh có token (Telegram, Zalo)"),
    ("web", "bot.cli.web", "trang web theo dõi đợt thu thập cho đầu mối (đăng nhập bằng liên kết từ /web)"),
    ("converse", "bot.cli.converse", "hội thoại theo kịch bản JSON lines (mỗi dòng vào một thao tác)"),
    ("ask", "bot.cli.ask", "hỏi một câu, in câu trả lời"),
    ("show", "bot.cli.show", "in toàn bộ thông tin một chỉ số"),
    ("validate", "bot.cli.validate", "kiểm tra cơ sở tri thức, liệt kê lỗi nguồn"),
    ("score", "bot.cli.score", "tính điểm một chỉ số hoặc kiểm tra một bảng điểm đã công bố"),
    ("invite", "bot.cli.invite", "tạo mã mời đăng ký cán bộ cho một đơn vị và vai trò"),
    ("units", "bot.cli.units", "đơn vị của kế hoạch: thêm đơn vị thành viên, liệt kê"),
    ("officials", "bot.cli.officials", "cán bộ đã đăng ký: liệt kê, xoá khỏi đơn vị, chuyển đơn vị"),
    ("round", "bot.cli.round", "đợt thu thập số liệu: mở, xem tiến độ và điểm, đóng"),
    ("export", "bot.cli.export", "xuất báo cáo Excel của một đợt thu thập (chỉ số, số liệu, tiến độ, minh chứng)"),
    ("plan", "bot.cli.plan", "kế hoạch năm sau: chuyển đơn vị, nhóm, cán bộ và vai trò (plan rollover)"),
    ("package", "bot.cli.package", "hồ sơ tự đánh giá của một đợt (.zip: báo cáo .docx, số liệu .xlsx, minh chứng)"),
    ("report", "bot.cli.report", "dự thảo báo cáo định kỳ (quý, 6 tháng, năm) dạng .docx"),
    ("import-plan", "bot.cli.import_plan", "nhập kế hoạch năm mới từ tệp bảng (.xlsx, .tsv): kiểm tra, so sánh, lưu"),
    ("reminders", "bot.cli.reminders", "nhắc việc: xem (plan) hoặc lập và gửi (run) các nhắc đến hạn"),
    ("db", "bot.cli.db", "quản trị cơ sở dữ liệu (db upgrade)"),
    ("bench-search", "bot.cli.bench_search", "đo chất lượng và tốc độ tìm kiếm trên bộ câu hỏi mẫu"),
]


def build_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``words`` (the command line), only the subcommands among them are configured (every
    one is still listed, so --help and a mistyped name read the same). A word that names a subcommand but is an
    argument (``ask chat``) only configures one more: harmless."""
    named = None if words is None else {word for word in words if isinstance(word, str)}
    if named is not None and not named & {name for name, _, _ in SUBCOMMANDS}:
        named = None  # no subcommand, or only --help: everything
    parser = Parser(prog="dti-bot", description="Trợ lý Chỉ số chuyển đổi số (DTI)")
    parser.add_argument("--config", help="tệp cấu hình TOML (mặc định: DTI_CONFIG hoặc ./config.toml)")
    sub = parser.add_subparsers(dest="command")
    for name, module_name, help_text in SUBCOMMANDS:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.add_argument("--config", dest="sub_config", help=argparse.SUPPRESS)
        if named is None or name in named:
            module = importlib.import_module(module_name)
            module.configure(sp)
            sp.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    unreadable = refuse_unreadable(words)
    if unreadable is not None:
        print(f"dti-bot: lỗi: {unreadable}", file=sys.stderr)
        return 2
    parser = build_parser(words)
    try:
        args = parser.parse_args(words)
    except Refused as refused:
        return report_refusal(refused, words)
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    args.config = getattr(args, "sub_config", None) or args.config
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    module = getattr(args, "_module", None)
    if module is None:
        # No subcommand: the bot on every channel that has a token, else the console chat.
        name = "run" if (settings.telegram.token or settings.zalo.token) else "chat"
        parser = build_parser([name])
        args = parser.parse_args([name] if args.config is None else ["--config", args.config, name])
        module = args._module
    try:
        code: int = module.run(args, settings)
    except BrokenPipeError:  # "dti-bot ask … | head": the reader left; nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not fail again
        return 141  # as a shell reports a process ended by SIGPIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
