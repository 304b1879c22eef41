from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0006_search_partitions'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='original_author',
            field=models.CharField(blank=True, help_text='转载稿件原文的作者。', max_length=100, verbose_name='原作者'),
        ),
        migrations.AddField(
            model_name='article',
            name='original_title',
            field=models.CharField(blank=True, help_text='转载时改动了标题才填写：文章页注明原标题。', max_length=200, verbose_name='原标题'),
        ),
        migrations.AddField(
            model_name='source',
            name='is_approved_for_reprint',
            field=models.BooleanField(default=False, help_text='在国家网信部门公布的可供网站转载新闻的稿源单位名单上；转载其他来源的稿件须由审核人确认。', verbose_name='可转载稿源'),
        ),
    ]
