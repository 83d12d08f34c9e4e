#pragma once
// AlbumListModel: the workspace's albums (the registry's catalog) as a flat
// list, one row per album, for the sidebar; with each album's picture count
// and whether it is open or busy (an action is running on it), which the
// window tells it.
//
// The model holds a copy of the catalog entries; call setEntries() again
// after the catalog changes. It never touches the albums themselves: a drop
// of pictures (see picturemime.h) onto an album is announced through
// picturesDropped() for the window to carry out.

#include "quire/ui/picturemime.h"
#include "quire/album.h"

#include <quire/album_registry.h>

#include <QAbstractListModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QSet>

namespace quire::ui {

class AlbumListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole + 1, // QString: the album's name
        FolderRole,                  // QString: its folder, absolute
        StateRole,                   // QString: Registry::stateName() ("missing")
        UuidRole,                    // QUuid
        CountRole,                   // int: pictures; invalid while unknown
        OpenRole,                    // bool: open in the window's registry
        BusyRole,                    // bool: an action is running on it
        StatusRole,                  // QString: what the sidebar's second line says
    };
    Q_ENUM(Role)

    explicit AlbumListModel(QObject *parent = nullptr);

    void setEntries(QList<CatalogEntry> entries);
    const QList<CatalogEntry> &entries() const { return m_entries; }
    // The row of the album with this uuid, -1 when it is not listed.
    int rowOf(const QUuid &uuid) const;

    void setPictureCount(const QUuid &uuid, int count);
    void forgetPictureCount(const QUuid &uuid);
    bool hasPictureCount(const QUuid &uuid) const { return m_counts.contains(uuid); }
    void setOpen(const QSet<QUuid> &open);
    void setBusy(const QUuid &uuid, bool busy);
    bool isBusy(const QUuid &uuid) const { return m_busy.contains(uuid); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    // What the list shows for an album: its name, else its folder's name.
    static QString displayName(const CatalogEntry &entry);
    // A folder for an album that can be opened, a warning sign for the others.
    static QIcon icon(AlbumState state);

Q_SIGNALS:
    // Pictures were dropped onto the album target (MoveAction or CopyAction).
    void picturesDropped(const QUuid &target, const QList<quire::ui::PictureRef> &pictures,
                         Qt::DropAction action);

private:
    void rowChanged(const QUuid &uuid);
    QString status(const CatalogEntry &entry) const;

    QList<CatalogEntry> m_entries;
    QHash<QUuid, int> m_counts;
    QSet<QUuid> m_open;
    QSet<QUuid> m_busy;
};

} // namespace quire::ui
