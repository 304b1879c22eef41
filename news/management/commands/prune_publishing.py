from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from news.publishing import retention


class Command(BaseCommand):
    help = (
        "删除超过保留期的后台任务结果、推送记录和已无用的发布事件（发布/撤下事件、每篇文章的最后一个事件和审核记录永久保留），"
        "以及没有任何文章或保存过的版本用到的封面文件（未通过审核的修改上传的）。"
        "worker 的时钟每 PUBLISHING_PRUNE_INTERVAL 秒自动执行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"保留天数（默认 PUBLISHING_KEEP_DAYS = {settings.PUBLISHING_KEEP_DAYS}）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *, days, dry_run, verbosity, **options):
        if days is not None and days < 1:
            raise CommandError("--days 至少为 1。")
        counts = retention.prune(days, dry_run=dry_run)
        if verbosity:
            verb = "将删除" if dry_run else "已删除"
            summary = "，".join(f"{label} {count} 条" for label, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"{verb}：{summary}"))
