#include "media/folder_walk.h"

#include "media/sidecar_match.h"

#include "quire/import.h"

#include <QFile>
#include <QStringDecoder>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace quire::detail {

namespace {

struct Walker {
    QByteArray rootReal; // realpath of the root, for links leading out
    const std::atomic<bool> *cancel;
    FolderWalk out;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }

    // badFolder: a folder on the way has a name that is not UTF-8, so no
    // path below it can be stored as text that leads back to the file.
    void walk(const QByteArray &dir, const QString &relativeDir, bool badFolder)
    {
        DIR *handle = ::opendir(dir.constData());
        if (!handle) {
            FoundFile problem;
            problem.nativePath = dir;
            problem.relativePath = relativeDir.isEmpty() ? QStringLiteral(".") : relativeDir;
            problem.problem = QStringLiteral("the folder cannot be read (%1)").arg(QString::fromLocal8Bit(strerror(errno)));
            out.folderProblems.append(problem);
            return;
        }
        struct Subfolder { QByteArray path; QString relative; bool bad; };
        QList<Subfolder> subfolders;
        while (dirent *entry = ::readdir(handle)) {
            if (cancelled())
                break;
            const QByteArray name(entry->d_name);
            if (name == "." || name == "..")
                continue;
            bool validName = true;
            const QString shownName = escapedFileName(name, &validName);
            const QByteArray path = dir + '/' + name;
            const QString relative = relativeDir.isEmpty() ? shownName : relativeDir + QLatin1Char('/') + shownName;
            struct stat st {};
            if (::lstat(path.constData(), &st) != 0)
                continue; // gone since readdir
            if (S_ISDIR(st.st_mode)) {
                // An album's own database folder, and any album nested inside.
                if (name != ".quire")
                    subfolders.append({path, relative, badFolder || !validName});
                continue;
            }
            const bool sidecar = isSidecarFileName(shownName);
            if (!sidecar && !isImportableFileName(shownName))
                continue;
            FoundFile file;
            file.nativePath = path;
            file.relativePath = relative;
            if (S_ISLNK(st.st_mode)) {
                char *target = ::realpath(path.constData(), nullptr);
                const QByteArray real = target ? QByteArray(target) : QByteArray();
                ::free(target);
                struct stat targetStat {};
                if (real.isEmpty() || ::stat(real.constData(), &targetStat) != 0)
                    file.problem = QStringLiteral("it is a symbolic link to nothing");
                else if (!real.startsWith(rootReal + '/'))
                    file.problem = QStringLiteral("it is a symbolic link to a file outside the album folder");
                else if (!S_ISREG(targetStat.st_mode))
                    file.problem = QStringLiteral("it is a symbolic link to something that is not a file");
                else
                    st = targetStat;
            } else if (!S_ISREG(st.st_mode)) {
                file.problem = QStringLiteral("it is not a regular file");
            }
            if (!validName)
                file.problem = QStringLiteral("its name is not valid UTF-8; rename the file to import it");
            else if (badFolder)
                file.problem = QStringLiteral("a folder on its path has a name that is not valid UTF-8; "
                                              "rename the folder to import it");
            file.size = st.st_size;
            file.modifiedMs = modifiedMsOf(st);
            (sidecar ? out.sidecars : out.files).append(file);
        }
        ::closedir(handle);
        // Links to folders are never followed (lstat above), so no circles.
        for (const Subfolder &sub : std::as_const(subfolders)) {
            if (cancelled())
                return;
            // A folder holding an album of its own: its photos are that album's.
            struct stat nested {};
            if (::stat((sub.path + "/.quire/album.db").constData(), &nested) == 0)
                continue;
            walk(sub.path, sub.relative, sub.bad);
        }
    }
};

} // namespace

QString escapedFileName(const QByteArray &bytes, bool *valid)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes);
    const bool ok = !decoder.hasError();
    if (valid)
        *valid = ok;
    if (ok)
        return decoded;
    QString shown;
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7F)
            shown.append(QLatin1Char(c));
        else
            shown.append(QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0')));
    }
    return shown;
}

FolderWalk walkFolder(const QString &root, const std::atomic<bool> *cancel)
{
    const QByteArray nativeRoot = QFile::encodeName(root);
    char *real = ::realpath(nativeRoot.constData(), nullptr);
    Walker walker{real ? QByteArray(real) : nativeRoot, cancel, {}};
    ::free(real);
    walker.walk(nativeRoot, QString(), false);
    const auto byPath = [](const FoundFile &a, const FoundFile &b) { return a.relativePath < b.relativePath; };
    std::sort(walker.out.files.begin(), walker.out.files.end(), byPath);
    std::sort(walker.out.sidecars.begin(), walker.out.sidecars.end(), byPath);
    return walker.out;
}

} // namespace quire::detail
