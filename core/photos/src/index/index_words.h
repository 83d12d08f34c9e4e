#pragma once
// The words of a search and of a picture, as the index's FTS5 table sees
// them (tokenizer unicode61, remove_diacritics 2: words are runs of letters
// and digits, compared without case and accents).

#include <QString>
#include <QStringList>

namespace quire::detail {

// The user's words that can match something: those holding at least one
// letter or digit. The others ("-", "*", "\"") name no word of any
// picture, so they are dropped rather than made to match nothing.
QStringList meaningfulWords(const QStringList &words);

// An FTS5 MATCH expression requiring every word as a prefix: each word is
// quoted as an FTS5 string (its '"' doubled), so NEAR, AND, '*', '-', '^'
// or ':' in it are text, never query syntax. Empty when no word is
// meaningful.
QString ftsMatchAll(const QStringList &words);

// The searchable text of one picture, in the order the index stores it.
struct PictureText {
    QString path;
    QString albumName;
    QString cameraMake;
    QString cameraModel;
    QString lens;
    QString title;
    QString description;
    QStringList tagPaths; // "Places/Beach": every level is a word
};
QString searchableText(const PictureText &text);

} // namespace quire::detail
