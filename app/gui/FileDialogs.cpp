#include "app/gui/FileDialogs.h"

#include "data/postgis/PgConnection.h"
#include "data/store/OutputPath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QMessageBox>
#include <QMutex>
#include <QTemporaryDir>

#include <sys/stat.h>

namespace app::files {

namespace {

QString tr(const char *text)
{
  return QCoreApplication::translate("FileDialogs", text);
}

QMutex gMutex;
QString gLastDir;      // the folder of the last file chosen (GUI thread only)
QStringList gProjects; // guarded by gMutex

// The folder/file icon and a type named by the suffix: Qt's providers read each file's first
// bytes to guess its type, which would open the project file in this process.
class NameOnlyIconProvider : public QFileIconProvider
{
public:
  QIcon icon(IconType type) const override { return QFileIconProvider::icon(type); }
  QIcon icon(const QFileInfo &info) const override
  {
    return QFileIconProvider::icon(info.isDir() ? QFileIconProvider::Folder : QFileIconProvider::File);
  }
  QString type(const QFileInfo &info) const override
  {
    if (info.isDir()) return tr("Folder");
    return info.suffix().isEmpty() ? tr("File") : info.suffix().toUpper();
  }
};

bool sameFile(const QString &a, const QString &b)
{
  struct stat sa = {}, sb = {};
  return ::stat(QFile::encodeName(a).constData(), &sa) == 0 &&
         ::stat(QFile::encodeName(b).constData(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// Qt's widget dialog (a native one would run a toolkit in this process that reads files too). It is
// built on an empty folder: a QFileDialog starts listing its folder, with Qt's own type guessing, in
// its constructor, before another icon provider can be set. Then it moves to `dir` (a folder, or a
// file to select; "" = the folder used last).
void setUp(QFileDialog &dialog, const QString &dir)
{
  static NameOnlyIconProvider provider;
  dialog.setOption(QFileDialog::DontUseNativeDialog);
  dialog.setIconProvider(&provider);
  const QFileInfo info(dir.isEmpty() ? gLastDir : dir);
  if (info.filePath().isEmpty() || info.isDir()) {
    dialog.setDirectory(info.filePath().isEmpty() ? QDir::currentPath() : info.absoluteFilePath());
  } else {
    dialog.setDirectory(info.absolutePath());
    dialog.selectFile(info.fileName());
  }
}

// An empty folder of its own for the dialogs to be built on (see setUp).
QString emptyFolder()
{
  static QTemporaryDir empty;
  return empty.path();
}

// Runs a set-up dialog; the chosen files, none when cancelled.
QStringList run(QFileDialog &dialog)
{
  if (dialog.exec() != QDialog::Accepted) return {};
  gLastDir = dialog.directory().absolutePath();
  return dialog.selectedFiles();
}

QString refusedMessage(const QString &path)
{
  return tr("%1 is the open project. PlanMap reads and writes it only through its own "
            "connection; choose another file.")
      .arg(QDir::toNativeSeparators(path));
}

// Drops (with one message) the chosen files that are the open project.
QStringList withoutProject(QWidget *parent, const QString &caption, QStringList files)
{
  QStringList refused;
  for (const QString &f : files)
    if (isOpenProjectFile(f)) refused << f;
  for (const QString &f : refused)
    files.removeAll(f);
  if (!refused.isEmpty()) QMessageBox::warning(parent, caption, refusedMessage(refused.front()));
  return files;
}

// Why `path` may not be written with `replace` (data::outputProblem against each open project).
QString outputProblem(const QString &path, data::Replace replace)
{
  QStringList projects;
  {
    QMutexLocker lock(&gMutex);
    projects = gProjects;
  }
  if (projects.isEmpty()) projects << QString();
  for (const QString &project : projects)
    if (const std::string p = data::outputProblem(project.toStdString(), path.toStdString(), replace);
        !p.empty())
      return QString::fromStdString(p);
  return {};
}

} // namespace

void addOpenProject(const QString &path)
{
  if (path.isEmpty() || data::isConnectionString(path.toStdString())) return;
  QMutexLocker lock(&gMutex);
  gProjects << QFileInfo(path).absoluteFilePath();
}

void removeOpenProject(const QString &path)
{
  QMutexLocker lock(&gMutex);
  gProjects.removeOne(QFileInfo(path).absoluteFilePath());
}

bool isOpenProjectFile(const QString &path)
{
  QMutexLocker lock(&gMutex);
  for (const QString &project : gProjects)
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
      if (sameFile(path, project + QLatin1String(suffix))) return true;
  return false;
}

QString openFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                 bool projectAllowed)
{
  QFileDialog dialog(parent, caption, emptyFolder(), filter);
  dialog.setFileMode(QFileDialog::ExistingFile);
  setUp(dialog, dir);
  const QStringList chosen = run(dialog).mid(0, 1);
  return (projectAllowed ? chosen : withoutProject(parent, caption, chosen)).value(0);
}

QStringList openFiles(QWidget *parent, const QString &caption, const QString &dir, const QString &filter)
{
  QFileDialog dialog(parent, caption, emptyFolder(), filter);
  dialog.setFileMode(QFileDialog::ExistingFiles);
  setUp(dialog, dir);
  return withoutProject(parent, caption, run(dialog));
}

QString saveFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                 QString *selectedFilter)
{
  QFileDialog dialog(parent, caption, emptyFolder(), filter);
  dialog.setAcceptMode(QFileDialog::AcceptSave);
  dialog.setFileMode(QFileDialog::AnyFile);
  if (selectedFilter && !selectedFilter->isEmpty()) dialog.selectNameFilter(*selectedFilter);
  setUp(dialog, dir);
  const QString chosen = run(dialog).value(0);
  if (selectedFilter && !chosen.isEmpty()) *selectedFilter = dialog.selectedNameFilter();
  return chosen;
}

QString directory(QWidget *parent, const QString &caption, const QString &dir)
{
  QFileDialog dialog(parent, caption, emptyFolder());
  dialog.setFileMode(QFileDialog::Directory);
  dialog.setOption(QFileDialog::ShowDirsOnly);
  setUp(dialog, dir);
  return run(dialog).value(0);
}

QString checkOutput(QWidget *parent, const QString &path, bool confirmed, bool warn)
{
  // data::outputProblem decides (never the project, never a database); the open project is named
  // in the user's language.
  QString problem =
      isOpenProjectFile(path)
          ? tr("%1 is the open project; choose another file to write.").arg(QDir::toNativeSeparators(path))
          : outputProblem(path, data::Replace::File);
  if (problem.isEmpty() && !confirmed && !outputProblem(path, data::Replace::No).isEmpty()) {
    const auto answer =
        parent
            ? QMessageBox::question(parent, tr("Save"),
                                    tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)))
            : QMessageBox::No;
    if (answer != QMessageBox::Yes) return tr("%1 exists; not replaced.").arg(QDir::toNativeSeparators(path));
  }
  if (!problem.isEmpty() && parent && warn) QMessageBox::warning(parent, tr("Save"), problem);
  return problem;
}

} // namespace app::files
