#pragma once
// Album: a photo album folder, the first format built on Quire's tenant
// engine. Its database is <folder>/.quire/album.db, its schema the steps in
// resources/schema, its identity the `meta` table.
//
// An Album is a Tenant of the album format: every Tenant method works on
// it, and a Tenant of this format converts to an Album (Registry::open
// hands out Tenants; `Album album = *registry.open(folder)` keeps the
// album's typed API close at hand). Pictures(session) and Tags(session)
// are the typed API on an album's sessions.
//
// Thread safety: as Tenant's; every method may be called from any thread.

#include "quire/registry_types.h"
#include "quire/tenant.h"

namespace quire {

// The photo album format: application id "QUIR", .quire/album.db, kind
// "album", identity table `meta`. Built once from the embedded schema and
// immutable after.
QUIRE_CORE_EXPORT const TenantFormat &albumFormat();
// The album format with other migration steps: for a program that adds
// steps of its own after Quire's (or a test that tries a next version).
QUIRE_CORE_EXPORT Result<TenantFormat> albumFormatWithSteps(QList<MigrationStep> steps);

// TenantOptions for albums: a null format means albumFormat().
using AlbumOptions = TenantOptions;
using AlbumState = TenantState;

class QUIRE_CORE_EXPORT Album : public Tenant
{
public:
    // PRAGMA application_id of every Quire album: "QUIR" in ASCII.
    static constexpr qint32 ApplicationId = 0x51554952;

    Album() = default; // a null album
    Album(const Tenant &tenant) : Tenant(tenant) {} // NOLINT: a tenant of the album format is an album
    Album(Tenant &&tenant) : Tenant(std::move(tenant)) {} // NOLINT

    // Makes a new album in folder (created when missing; it may already hold
    // pictures). Fails with AlreadyExists when the folder is an album.
    static Result<Album> create(const QString &folder, const QString &name = {},
                                const AlbumOptions &options = {});
    // Opens an existing album, upgrading its schema when it is older.
    static Result<Album> open(const QString &folder, const AlbumOptions &options = {});

    // "<folder>/.quire/album.db"
    static QString databasePathFor(const QString &folder);

    // Sidecar write-back (docs/SIDECARS.md, "Writing back"): when on,
    // every edit of a picture's tags, rating, pick, colour label, title or
    // description through Pictures and Tags also writes its XMP sidecar
    // NAME.EXT.xmp once the edit commits, for digiKam, darktable and
    // Lightroom to read. Off unless turned on; kept in the album itself.
    Result<bool> writesSidecars() const;
    Result<void> setWritesSidecars(bool on) const;
};

} // namespace quire
