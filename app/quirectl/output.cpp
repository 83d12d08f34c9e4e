#include "output.h"

#include <quire/error.h>
#include <quire/album.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace quirectl {

namespace {

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
}

// Messages are sentences, but a path may carry a newline: keep the promise
// of one line on stderr.
QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text;
}

} // namespace

Output::~Output()
{
    std::fflush(stdout);
    std::fflush(stderr);
}

void Output::printJson(const QJsonValue &json)
{
    Q_ASSERT(!m_printed);
    m_printed = true;
    const QJsonDocument document = json.isArray() ? QJsonDocument(json.toArray())
                                                  : QJsonDocument(json.toObject());
    write(stdout, QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
}

void Output::result(const QJsonValue &json, const QString &text)
{
    if (m_json) {
        printJson(json);
        return;
    }
    m_printed = true;
    if (text.isEmpty())
        return;
    write(stdout, text.endsWith(QLatin1Char('\n')) ? text : text + QLatin1Char('\n'));
}

QJsonObject errorJson(const quire::Error &error)
{
    QJsonObject json{{QStringLiteral("code"), quire::Error::codeName(error.code())},
                     {QStringLiteral("album"), error.album()},
                     {QStringLiteral("message"), error.message()}};
    // "album" names the tenant for every format (scripts read it); "kind"
    // says which kind of tenant it is.
    if (!error.kind().isEmpty())
        json.insert(QStringLiteral("kind"), error.kind());
    return json;
}

void Output::problem(const quire::Error &error)
{
    write(stderr, QStringLiteral("quirectl: %1\n").arg(oneLine(error.toString())));
}

void Output::problem(const QString &kind, const QString &tenant, const QString &message)
{
    // A report's line about one tenant, worded as any error about it is.
    problem(quire::Error(quire::ErrorCode::Sqlite, tenant, message).withKind(kind));
}

int Output::failed(const quire::Error &error)
{
    problem(error);
    if (m_json && !m_printed) {
        printJson(QJsonObject{{QStringLiteral("error"), errorJson(error)}});
    }
    return ExitFailed;
}

int Output::usageError(const QString &message, const QString &usage)
{
    write(stderr, QStringLiteral("quirectl: %1\n\n%2").arg(oneLine(message), usage));
    if (m_json && !m_printed) {
        printJson(QJsonObject{
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), QStringLiteral("usage")},
                         {QStringLiteral("message"), message}}}});
    }
    return ExitUsage;
}

} // namespace quirectl
