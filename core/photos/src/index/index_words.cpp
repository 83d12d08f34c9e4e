#include "index/index_words.h"

#include <algorithm>

namespace quire::detail {

QStringList meaningfulWords(const QStringList &words)
{
    QStringList kept;
    for (const QString &word : words) {
        if (std::any_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); }))
            kept.append(word);
    }
    return kept;
}

QString ftsMatchAll(const QStringList &words)
{
    QStringList terms;
    for (QString word : meaningfulWords(words)) {
        // "..." is an FTS5 string: inside it only '"' is special (doubled).
        // The trailing * makes the string's last token a prefix; a word the
        // tokenizer splits ("IMG_0001") becomes a phrase of its tokens.
        word.replace(QLatin1Char('"'), QLatin1String("\"\""));
        terms.append(QLatin1Char('"') + word + QLatin1String("\"*"));
    }
    return terms.join(QLatin1String(" AND "));
}

QString searchableText(const PictureText &text)
{
    // One line a field; the tokenizer splits on '\n', '/', '.' and '_' alike.
    QStringList fields{text.path, text.albumName, text.cameraMake, text.cameraModel, text.lens, text.title,
                       text.description};
    fields += text.tagPaths;
    return fields.join(QLatin1Char('\n'));
}

} // namespace quire::detail
