#include "recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace asyncscope {

namespace {
const char kSettingsKey[] = "recentFiles";
}

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = m_files;
    files.removeAll(absolute);
    files.prepend(absolute);
    setFiles(files.mid(0, kMaximum));
}

void RecentFiles::remove(const QString &path)
{
    QStringList files = m_files;
    files.removeAll(QFileInfo(path).absoluteFilePath());
    setFiles(files);
}

void RecentFiles::clear()
{
    setFiles({});
}

void RecentFiles::pruneMissing()
{
    QStringList files;
    for (const QString &file : std::as_const(m_files)) {
        if (QFileInfo::exists(file))
            files.append(file);
    }
    setFiles(files);
}

void RecentFiles::load()
{
    setFiles(QSettings().value(QLatin1String(kSettingsKey)).toStringList().mid(0, kMaximum));
}

void RecentFiles::save() const
{
    QSettings().setValue(QLatin1String(kSettingsKey), m_files);
}

void RecentFiles::setFiles(const QStringList &files)
{
    if (files == m_files)
        return;
    m_files = files;
    emit changed();
}

} // namespace asyncscope
