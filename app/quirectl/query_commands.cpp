// quirectl query SQL: one SELECT of your own on every tenant (or each
// --tenant), merged by --order-by and cut at --limit (the engine's fanOut).

#include "commands.h"

#include <quire/fanout.h>

#include <QJsonArray>

namespace quirectl {

namespace {

// "at desc,name" -> keys; false with `error` set on a malformed list.
bool parseOrderBy(const QStringList &given, QList<quire::FanOutKey> &keys, QString &error)
{
    for (const QString &list : given) {
        for (const QString &part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QStringList words = part.simplified().split(QLatin1Char(' '));
            if (words.isEmpty() || words.size() > 2
                || (words.size() == 2 && words[1].compare(QLatin1String("desc"), Qt::CaseInsensitive) != 0
                    && words[1].compare(QLatin1String("asc"), Qt::CaseInsensitive) != 0)) {
                error = QStringLiteral("--order-by takes COLUMN[ desc],... ('%1' is not that)").arg(part);
                return false;
            }
            keys.append({words[0], words.size() == 2 && words[1].compare(QLatin1String("desc"), Qt::CaseInsensitive) == 0});
        }
    }
    return true;
}

QJsonValue jsonValue(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue::Null;
    if (v.metaType().id() == QMetaType::QByteArray)
        return QString::fromLatin1(v.toByteArray().toBase64());
    return QJsonValue::fromVariant(v);
}

QString textValue(const QVariant &v)
{
    if (v.isNull())
        return QStringLiteral("NULL");
    if (v.metaType().id() == QMetaType::QByteArray)
        return QStringLiteral("x'%1'").arg(QString::fromLatin1(v.toByteArray().toHex()));
    return v.toString();
}

} // namespace

int runQuery(Context &context)
{
    const Arguments &a = context.arguments;
    quire::FanOutQuery query;
    query.sql = a.positionals.value(0).toUtf8();
    QString error;
    if (!parseOrderBy(a.values(QStringLiteral("--order-by")), query.orderBy, error))
        return context.output.usageError(error, QStringLiteral("quirectl query SQL [--order-by COL[ desc],...] [--limit N] [--tenant T]..."));
    if (const QString limit = a.option(QStringLiteral("--limit")); !limit.isNull()) {
        bool ok = false;
        query.limit = limit.toInt(&ok);
        if (!ok || query.limit < 0)
            return context.output.usageError(QStringLiteral("--limit takes a whole number from 0"),
                                             QStringLiteral("quirectl query SQL [--limit N]"));
    }
    for (const QString &tenant : a.values(QStringLiteral("--tenant"))) {
        QUuid uuid = QUuid::fromString(tenant);
        if (uuid.isNull()) {
            quire::Result<quire::Tenant> resolved = context.registry.resolve(tenant);
            if (!resolved)
                return context.output.failed(resolved.error());
            uuid = resolved->uuid();
        }
        query.tenants.append(uuid);
    }
    quire::Result<quire::FanOutResult> result = quire::fanOut(context.registry, query);
    if (!result)
        return context.output.failed(result.error());

    QJsonArray rows;
    QString text = QStringLiteral("tenant\tfolder\t%1\n").arg(result->columns.join(QLatin1Char('\t')));
    for (const quire::FanOutRow &row : std::as_const(result->rows)) {
        QJsonArray values;
        QStringList cells;
        for (const QVariant &v : row.values) {
            values.append(jsonValue(v));
            cells.append(textValue(v));
        }
        rows.append(QJsonObject{{QStringLiteral("tenant"), row.tenant.toString(QUuid::WithoutBraces)},
                                {QStringLiteral("folder"), row.folder},
                                {QStringLiteral("values"), values}});
        text += QStringLiteral("%1\t%2\t%3\n").arg(row.tenant.toString(QUuid::WithoutBraces), row.folder,
                                                   cells.join(QLatin1Char('\t')));
    }
    QJsonArray failures;
    for (const quire::Error &e : std::as_const(result->failures)) {
        failures.append(QJsonObject{{QStringLiteral("tenant"), e.album()}, {QStringLiteral("error"), quire::Error::codeName(e.code())},
                                    {QStringLiteral("message"), e.message()}});
        context.output.problem(e);
    }
    context.output.result(QJsonObject{{QStringLiteral("columns"), QJsonArray::fromStringList(result->columns)},
                                      {QStringLiteral("rows"), rows},
                                      {QStringLiteral("tenants"), result->tenantsSearched},
                                      {QStringLiteral("failures"), failures}},
                          text.chopped(1));
    return result->failures.isEmpty() ? ExitOk : ExitFailed;
}

} // namespace quirectl
