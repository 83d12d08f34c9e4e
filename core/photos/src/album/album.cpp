// The photo album format on the tenant engine: its definition, the Album
// handle and the registry of albums.

#include "quire/album.h"
#include "quire/album_registry.h"

#include "across/picture_mover.h"
#include "index/kept_index.h"

#include "quire/row_transfer.h"

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

// Schema 7: picture transfers run on the engine's row transfers, whose two
// tables the engine defines (their text is rowTransferSchema(), never
// edited, so this step is C++ rather than a file beside the others). The
// records a transfer interrupted under schema 2..6 left in the album's own
// tables become the engine's, so the next open finishes or undoes them
// just the same: the source's record, with each picture's [UUID, new path]
// as a key and [old path, new path] as its file, and the destination's
// "incoming" markers, one per transfer. The old tables stay, empty (no
// schema text is ever removed). Albums of schema 7 are not written by
// older releases: they would record transfers where this one never looks.
MigrationStep rowTransferStep()
{
    MigrationStep step;
    step.version = 7;
    step.description = QStringLiteral("picture transfers on the engine's row transfers");
    step.sql = rowTransferSchema()
        + ";;\n"
          "INSERT INTO quire_row_transfers_out (id, mover, kind, destination_uuid, destination_folder, state, keys,"
          " files, created_at)"
          " SELECT o.id, 'pictures', o.kind, o.destination_uuid, o.destination_folder, o.state,"
          " (SELECT json_group_array(json_array(p.picture_uuid, p.destination_path)) FROM transfer_pictures p"
          "  WHERE p.transfer_id = o.id),"
          " (SELECT json_group_array(json_array(p.source_path, p.destination_path)) FROM transfer_pictures p"
          "  WHERE p.transfer_id = o.id),"
          " o.created_at FROM transfers_out o\n"
          ";;\n"
          "INSERT INTO quire_row_transfers_in (transfer_id, source_uuid, source_folder, mover, created_at)"
          " SELECT transfer_id, source_uuid, source_folder, 'pictures',"
          " CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM transfers_in GROUP BY transfer_id\n"
          ";;\n"
          "DELETE FROM transfer_pictures\n"
          ";;\n"
          "DELETE FROM transfers_out\n"
          ";;\n"
          "DELETE FROM transfers_in\n";
    return step;
}

TenantFormat buildAlbumFormat()
{
    // Quire's own steps, embedded from resources/schema: NNNN_description.sql,
    // then the engine's tables.
    Result<QList<MigrationStep>> steps = TenantFormat::stepsFromFolder(QStringLiteral(":/quire/schema"));
    if (!steps)
        qFatal("Quire: the embedded album schema cannot be read: %s", qPrintable(steps.error().message()));
    steps->append(rowTransferStep());
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
    // Opening an album finishes or undoes the picture transfers it takes part in.
    return withRowTransfers(std::move(options), {detail::pictureMover()});
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
