"""Word lists: 禁用, 审核, 替换 and 内链 entries, all read by the one matcher (news.compliance.matcher)."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .folding import fold_word

TAG_PREFIX = "tag:"
# The replacement of a 替换 entry that names none: one ＊ per character.
DEFAULT_MASK = "＊"


class WordListQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(is_enabled=True)

    def stamp(self):
        """What the matcher was built from: (id, version) of each enabled list.

        One small query, read before every check: any change to a list or its
        entries gives a new stamp, in every worker and on every server.
        """
        return tuple(self.enabled().order_by("pk").values_list("pk", "version"))


class WordList(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True, help_text=_("这份词表收录什么、依据什么、由谁维护。"))
    is_enabled = models.BooleanField(_("启用"), default=True, help_text=_("停用的词表不参与检查。"))
    # A new value on every change of the list or its entries (a fresh UUID, so
    # that a rolled-back change can never be mistaken for a later one).
    version = models.UUIDField(_("版本"), default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = WordListQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("词表")
        verbose_name_plural = _("词表")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.version = uuid.uuid4()
        super().save(*args, **kwargs)

    @classmethod
    def changed(cls, *ids):
        """Give lists a new version after their entries changed (bulk writes call this too)."""
        cls.objects.filter(pk__in=ids).update(version=uuid.uuid4())


class WordEntry(models.Model):
    class Level(models.TextChoices):
        BLOCK = "block", _("禁用")
        REVIEW = "review", _("审核")
        REPLACE = "replace", _("替换")
        LINK = "link", _("内链")

    word_list = models.ForeignKey(WordList, verbose_name=_("词表"), on_delete=models.CASCADE, related_name="entries")
    word = models.CharField(
        _("词语"),
        max_length=100,
        help_text=_("全角半角、大小写、繁简体和字间插入的空格标点都能识别，只需录入一种写法。"),
    )
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.BLOCK)
    target = models.CharField(
        _("替换为或链接"),
        max_length=500,
        blank=True,
        help_text=_(
            "替换：替换成的文字，留空则每个字换成＊。"
            "内链：链接网址（https://… 或本站路径 /…），或 tag:标签名 链接到标签页；留空则链接到与词语同名的标签页。"
            "禁用、审核：留空。"
        ),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["word_list", "word"]
        verbose_name = _("词条")
        verbose_name_plural = _("词条")
        constraints = [models.UniqueConstraint(fields=["word_list", "word"], name="word_entry_unique")]

    def __str__(self):
        return f"{self.word}（{self.get_level_display()}）"

    def save(self, *args, **kwargs):
        # An entry moved to another list changes both lists.
        previous = None
        if self.pk:
            previous = WordEntry.objects.filter(pk=self.pk).values_list("word_list", flat=True).first()
        super().save(*args, **kwargs)
        WordList.changed(self.word_list_id, previous)

    def clean(self):
        self.word = self.word.strip()
        self.target = self.target.strip()
        errors = entry_errors(self.word, self.level, self.target)
        if errors:
            raise ValidationError(errors)


def entry_errors(word, level, target):
    """{field: message} of what is wrong with an entry; the admin and the word-file loader both ask."""
    errors = {}
    if not word:
        errors["word"] = _("词语不能为空。")
    elif _has_control_characters(word):
        errors["word"] = _("不能包含控制字符。")
    elif not fold_word(word):
        errors["word"] = _("词语只有空白、标点或符号，无法匹配。")
    if level in (WordEntry.Level.BLOCK, WordEntry.Level.REVIEW) and target:
        errors["target"] = _("禁用词和审核词不需要“替换为或链接”，请留空。")
    elif _has_control_characters(target):
        errors["target"] = _("不能包含控制字符。")
    elif level == WordEntry.Level.LINK and target and not _is_link_target(target):
        errors["target"] = _("内链应为 https:// 开头的网址、/ 开头的本站路径，或 tag:标签名。")
    return errors


def _has_control_characters(text):
    return any(ord(char) < 32 or ord(char) == 127 for char in text)


def _is_link_target(target):
    if target.startswith(TAG_PREFIX):
        return bool(target[len(TAG_PREFIX) :].strip())
    if target.startswith("/"):
        return not target.startswith("//") and not any(char.isspace() for char in target)
    try:
        URLValidator(schemes=["http", "https"])(target)
    except ValidationError:
        return False
    return True


# Deletes from the admin's bulk action and cascades from a list call no delete().
@receiver(post_delete, sender=WordEntry, dispatch_uid="word-entry-deleted")
def _entry_deleted(sender, instance, **kwargs):
    WordList.changed(instance.word_list_id)
