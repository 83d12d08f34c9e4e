#pragma once
// Registry: the albums this program knows, and the ones it has open.
//
// Its catalog lives in the workspace folder (catalog.db) and is only a
// cache of which albums exist where: the albums are the truth, and deleting
// the catalog loses nothing. A Registry is an object, not a singleton; a
// program (or a test) may make several.
//
// Thread safety: every method may be called from any thread; signals are
// emitted on the thread that made the change.

#include "quire/album.h"
#include "quire/error.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QUuid>

#include <memory>

namespace quire {

enum class AlbumState { Available, Missing, Damaged, Locked, ReadOnly };

struct CatalogEntry {
    QUuid uuid;
    QString folder;
    QString name;
    QDateTime lastSeen;
    AlbumState state = AlbumState::Available;
};

class QUIRE_CORE_EXPORT Registry : public QObject
{
    Q_OBJECT
public:
    explicit Registry(const QString &workspaceFolder, QObject *parent = nullptr);
    ~Registry() override;

    // $QUIRE_WORKSPACE, else the user's data folder for Quire.
    static QString defaultWorkspace();
    QString workspaceFolder() const;

    Result<Album> create(const QString &folder, const QString &name = {});
    // Opens the album in folder (or returns it when already open) and
    // records it in the catalog.
    Result<Album> open(const QString &folder);
    // An album named the way a person would: its folder or its uuid.
    Result<Album> resolve(const QString &folderOrUuid);
    // Closes the album's connections (waiting for its sessions) and keeps
    // it in the catalog.
    Result<void> close(const QUuid &uuid);

    Result<QList<CatalogEntry>> catalog() const;
    QList<Album> openAlbums() const;

    static QString stateName(AlbumState state);

Q_SIGNALS:
    void albumAdded(const QUuid &uuid);
    void albumChanged(const QUuid &uuid);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace quire
