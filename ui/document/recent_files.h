#pragma once

// The "Recent Files" list: most recent first, at most kMaximum, persisted in
// QSettings. Files that no longer exist are pruned when the menu is built.

#include <QObject>
#include <QStringList>

namespace asyncscope {

class RecentFiles : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaximum = 8;

    explicit RecentFiles(QObject *parent = nullptr);

    QStringList files() const { return m_files; }
    void add(const QString &path);
    void remove(const QString &path);
    void clear();
    void pruneMissing();

    // Persistence (the window decides whether settings are used at all).
    void load();
    void save() const;

Q_SIGNALS:
    void changed();

private:
    void setFiles(const QStringList &files);

    QStringList m_files;
};

} // namespace asyncscope
