#include "format_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace quirectl {

namespace {

quire::Error bad(const QString &path, const QString &why)
{
    return quire::Error(quire::ErrorCode::InvalidArgument, {},
                        QStringLiteral("the format file %1 %2").arg(path, why));
}

// "LDGR" (big-endian ASCII, as SQLite's own docs write ids), 1279543122 or "0x4C444752".
bool parseApplicationId(const QJsonValue &value, qint32 *id)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d != double(qint64(d)) || d < INT32_MIN || d > UINT32_MAX)
            return false;
        *id = qint32(quint32(qint64(d)));
        return true;
    }
    const QString text = value.toString();
    if (text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
        bool ok = false;
        const quint32 v = text.mid(2).toUInt(&ok, 16);
        *id = qint32(v);
        return ok;
    }
    if (text.size() == 4 && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() > 32 && c.unicode() < 127; })) {
        const QByteArray a = text.toLatin1();
        *id = qint32(quint32(uchar(a[0])) << 24 | quint32(uchar(a[1])) << 16 | quint32(uchar(a[2])) << 8 | uchar(a[3]));
        return true;
    }
    return false;
}

} // namespace

quire::Result<quire::TenantFormat> readFormatFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return bad(path, QStringLiteral("cannot be read"));
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return bad(path, QStringLiteral("is not a JSON object (%1)").arg(parseError.errorString()));
    const QJsonObject object = document.object();
    for (const char *key : {"application_id", "database", "migrations", "kind"}) {
        if (!object.contains(QLatin1String(key)))
            return bad(path, QStringLiteral("has no \"%1\"").arg(QLatin1String(key)));
    }
    quire::TenantFormatSpec spec;
    if (!parseApplicationId(object.value(QLatin1String("application_id")), &spec.applicationId))
        return bad(path, QStringLiteral("has an application_id that is neither four ASCII letters nor a 32-bit number"));
    spec.databasePath = object.value(QLatin1String("database")).toString();
    spec.kind = object.value(QLatin1String("kind")).toString();
    if (object.contains(QLatin1String("program")))
        spec.program = object.value(QLatin1String("program")).toString();
    if (object.contains(QLatin1String("rows")))
        spec.rowNoun = object.value(QLatin1String("rows")).toString();
    if (object.contains(QLatin1String("identity_table")))
        spec.identityTable = object.value(QLatin1String("identity_table")).toString();
    const QString migrations = QFileInfo(path).dir().filePath(object.value(QLatin1String("migrations")).toString());
    quire::Result<QList<quire::MigrationStep>> steps = quire::TenantFormat::stepsFromFolder(migrations);
    if (!steps)
        return bad(path, QStringLiteral("names migrations that cannot be used: %1").arg(steps.error().message()));
    spec.steps = std::move(*steps);
    quire::Result<quire::TenantFormat> format = quire::TenantFormat::make(spec);
    if (!format)
        return bad(path, QStringLiteral("does not describe a usable format: %1").arg(format.error().message()));
    return format;
}

} // namespace quirectl
