#include "app/gui/FileDialogs.h"

#include "data/OutputPath.h"
#include "data/PgConnection.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QMessageBox>
#include <QMutex>

#include <sys/stat.h>

namespace app::files {

namespace {

QString tr(const char *text)
{
  return QCoreApplication::translate("FileDialogs", text);
}

QMutex gMutex;
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

// Qt's widget dialog (a native one would run a toolkit in this process that reads files too).
void setUp(QFileDialog &dialog)
{
  static NameOnlyIconProvider provider;
  dialog.setOption(QFileDialog::DontUseNativeDialog);
  dialog.setIconProvider(&provider);
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
  QFileDialog dialog(parent, caption, dir, filter);
  setUp(dialog);
  dialog.setFileMode(QFileDialog::ExistingFile);
  if (dialog.exec() != QDialog::Accepted) return {};
  if (projectAllowed) return dialog.selectedFiles().value(0);
  return withoutProject(parent, caption, dialog.selectedFiles().mid(0, 1)).value(0);
}

QStringList openFiles(QWidget *parent, const QString &caption, const QString &dir, const QString &filter)
{
  QFileDialog dialog(parent, caption, dir, filter);
  setUp(dialog);
  dialog.setFileMode(QFileDialog::ExistingFiles);
  if (dialog.exec() != QDialog::Accepted) return {};
  return withoutProject(parent, caption, dialog.selectedFiles());
}

QString saveFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter,
                 QString *selectedFilter)
{
  QFileDialog dialog(parent, caption, dir, filter);
  setUp(dialog);
  dialog.setAcceptMode(QFileDialog::AcceptSave);
  dialog.setFileMode(QFileDialog::AnyFile);
  if (selectedFilter && !selectedFilter->isEmpty()) dialog.selectNameFilter(*selectedFilter);
  if (dialog.exec() != QDialog::Accepted) return {};
  if (selectedFilter) *selectedFilter = dialog.selectedNameFilter();
  return dialog.selectedFiles().value(0);
}

QString directory(QWidget *parent, const QString &caption, const QString &dir)
{
  QFileDialog dialog(parent, caption, dir);
  setUp(dialog);
  dialog.setFileMode(QFileDialog::Directory);
  dialog.setOption(QFileDialog::ShowDirsOnly);
  if (dialog.exec() != QDialog::Accepted) return {};
  return dialog.selectedFiles().value(0);
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
