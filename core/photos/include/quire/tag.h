#pragma once
// Tag: a node in an album's tag tree ("Places/Beach" is Beach under Places).

#include <QString>

namespace quire {

struct Tag {
    qint64 id = 0;
    qint64 parentId = 0; // 0 for a root tag
    QString name;        // one level, never contains '/'
    QString path;        // "Places/Beach": the names from the root down
};

} // namespace quire
