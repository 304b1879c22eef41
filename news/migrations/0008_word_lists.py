import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0007_reprint_origin'),
    ]

    operations = [
        migrations.CreateModel(
            name='WordList',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=50, unique=True, verbose_name='名称')),
                ('description', models.TextField(blank=True, help_text='这份词表收录什么、依据什么、由谁维护。', verbose_name='说明')),
                ('is_enabled', models.BooleanField(default=True, help_text='停用的词表不参与检查。', verbose_name='启用')),
                ('version', models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='版本')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
            ],
            options={
                'verbose_name': '词表',
                'verbose_name_plural': '词表',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='WordEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(help_text='全角半角、大小写、繁简体和字间插入的空格标点都能识别，只需录入一种写法。', max_length=100, verbose_name='词语')),
                ('level', models.CharField(choices=[('block', '禁用'), ('review', '审核'), ('replace', '替换'), ('link', '内链')], default='block', max_length=10, verbose_name='级别')),
                ('target', models.CharField(blank=True, help_text='替换：替换成的文字，留空则每个字换成＊。内链：链接网址（https://… 或本站路径 /…），或 tag:标签名 链接到标签页；留空则链接到与词语同名的标签页。禁用、审核：留空。', max_length=500, verbose_name='替换为或链接')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('word_list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='news.wordlist', verbose_name='词表')),
            ],
            options={
                'verbose_name': '词条',
                'verbose_name_plural': '词条',
                'ordering': ['word_list', 'word'],
                'constraints': [models.UniqueConstraint(fields=('word_list', 'word'), name='word_entry_unique')],
            },
        ),
    ]
