from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_default_content'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='news_licence_number',
            field=models.CharField(blank=True, help_text='许可证编号，例如：10120170000；填写后显示在页脚。', max_length=50, verbose_name='互联网新闻信息服务许可证'),
        ),
    ]
