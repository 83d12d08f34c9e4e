// The photo album format on the tenant engine: its definition, the Album
// handle and the registry of albums.

#include "quire/album.h"
#include "quire/album_registry.h"

#include "across/transfer_recovery.h"
#include "index/kept_index.h"

#include <QDir>

namespace quire {

namespace {

TenantFormatSpec albumSpec(QList<MigrationStep> steps)
{
    TenantFormatSpec spec;
    spec.applicationId = Album::ApplicationId;
    spec.databasePath = QStringLiteral(".quire/album.db");
    spec.kind = QStringLiteral("album");
    spec.program = QStringLiteral("Quire");
    spec.rowNoun = QStringLiteral("pictures");
    spec.identityTable = QStringLiteral("meta"); // made by step 1, as it always was
    spec.steps = std::move(steps);
    return spec;
}

TenantFormat buildAlbumFormat()
{
    // Quire's own steps, embedded from resources/schema: NNNN_description.sql.
    Result<QList<MigrationStep>> steps = TenantFormat::stepsFromFolder(QStringLiteral(":/quire/schema"));
    if (!steps)
        qFatal("Quire: the embedded album schema cannot be read: %s", qPrintable(steps.error().message()));
    Result<TenantFormat> format = TenantFormat::make(albumSpec(std::move(*steps)));
    if (!format)
        qFatal("Quire: the embedded album schema is not a valid format: %s", qPrintable(format.error().message()));
    return *format;
}

AlbumOptions withAlbumFormat(AlbumOptions options)
{
    if (options.format.isNull())
        options.format = albumFormat();
    return options;
}

} // namespace

const TenantFormat &albumFormat()
{
    // Immutable once built (a table of constants); C++ makes its
    // initialisation thread-safe.
    static const TenantFormat format = buildAlbumFormat();
    return format;
}

Result<TenantFormat> albumFormatWithSteps(QList<MigrationStep> steps)
{
    return TenantFormat::make(albumSpec(std::move(steps)));
}

Result<Album> Album::create(const QString &folder, const QString &name, const AlbumOptions &options)
{
    return Tenant::create(folder, name, withAlbumFormat(options));
}

Result<Album> Album::open(const QString &folder, const AlbumOptions &options)
{
    return Tenant::open(folder, withAlbumFormat(options));
}

QString Album::databasePathFor(const QString &folder)
{
    return Tenant::databasePathFor(folder, albumFormat());
}

RegistryOptions AlbumRegistry::albumOptions(RegistryOptions options)
{
    options.recoverOnOpen = [](const Tenant &album, const RecoveryContext &context) {
        detail::recoverTransfersOnOpen(
            album, [open = context.openTenant](const QUuid &uuid) { return Album(open(uuid)); },
            context.knownFolder);
    };
    return options;
}

AlbumRegistry::AlbumRegistry(const QString &workspaceFolder, QObject *parent)
    : AlbumRegistry(workspaceFolder, RegistryOptions(), parent)
{
}

AlbumRegistry::AlbumRegistry(const QString &workspaceFolder, const RegistryOptions &options, QObject *parent)
    : Registry(albumFormat(), workspaceFolder, albumOptions(options), parent),
      m_keptIndex(std::make_shared<detail::KeptIndex>())
{
}

AlbumRegistry::AlbumRegistry(const TenantFormat &format, const QString &workspaceFolder,
                             const RegistryOptions &options, QObject *parent)
    : Registry(format, workspaceFolder, albumOptions(options), parent),
      m_keptIndex(std::make_shared<detail::KeptIndex>())
{
}

AlbumRegistry::~AlbumRegistry() = default;

} // namespace quire
