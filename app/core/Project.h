#pragma once

#include "app/core/TaskRunner.h"
#include "data/store/Model.h"
#include "layers/render/MapData.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>

class QUndoCommand;
class QUndoStack;

namespace data {
class Store;
}
namespace layers {
class EditContext;
}

namespace core {

// One open project, for any front end (the desktop program today, a server tomorrow): the store,
// the map as of the chosen date, who is working and the undo stack of their marks and edits. All
// reading happens on the project's TaskRunner; the signals arrive on the thread it lives on.
// No widgets: questions to the user (a password, a user name) are the front end's.
class Project : public QObject
{
  Q_OBJECT
public:
  // Why an open failed, as a type (the message is for people).
  enum class OpenError { NeedsPassword, Failed };

  explicit Project(QObject *parent = nullptr);
  ~Project() override;

  // Starts opening `path` (a project file or a PostgreSQL connection string) on a worker, with the
  // current as-of date; projectOpened() or openFailed() follows. The open project stays until the
  // new one is read. False (and nothing starts) while another open is under way.
  bool open(const QString &path);
  // Gives up an open under way (openFailed is not emitted; opening() turns false).
  void cancelOpen();
  bool isOpening() const { return mOpening; }
  bool isOpen() const { return mStore != nullptr; }
  QString path() const { return mPath; }
  // The project's title, and whether it is the synthetic sample.
  QString title() const;
  bool isSynthetic() const;
  // A field copy of a server project (data::isFieldCopy, asked once at open).
  bool isFieldCopy() const { return mStore && mFieldCopy; }
  // The project cannot be written (a read-only file or folder): it is shown, nothing edits it.
  bool isReadOnly() const { return mStore && mReadOnly; }

  const data::Store *store() const { return mStore.get(); }
  data::Store *mutableStore() const { return mStore.get(); }
  // The store for work on a worker, which keeps it open until done.
  std::shared_ptr<data::Store> storeHandle() const { return mStore; }
  std::shared_ptr<const layers::MapData> mapData() const { return mMap; }

  // The date the project is shown as of ("" = today, all events). The map is re-read on a worker.
  QString asOf() const { return mAsOf; }
  void setAsOf(const QString &date);
  // Re-reads the map after a write; the newest request wins and the view's figures follow
  // (dataChanged, then mapReloaded).
  void reloadMap();

  // ---- who is working, and their undoable marks and edits
  // Makes `name` the current user (one of the project's users; "" = nobody, read only). Throws
  // data::StoreError (NotFound: not a user; Unwritable: the project is read-only).
  void setUser(const std::string &name);
  const std::optional<data::User> &user() const { return mUser; }
  bool isPlanner() const { return mUser && mUser->role == data::Role::Planner; }
  QUndoStack *undoStack() const { return mStack; }
  // Null when nothing is open.
  layers::EditContext *editContext() const { return mEdit.get(); }
  // Pushes a command; false when the store refused it (EditContext::commandFailed said why).
  bool push(QUndoCommand *command);

  // True while the project is opened or its map read, or other work of its runner is under way.
  bool isBusy() const;
  TaskRunner &tasks() { return mTasks; }
  // Lets go of a replaced map or store on a worker: freeing an 85k-feature map took the GUI thread
  // tens of ms. Whoever lets go last frees it (a render still drawing the old map, on its worker).
  template <class T> void releaseLater(std::shared_ptr<T> old)
  {
    if (old) mTasks.post(mFreeLane, [old = std::move(old)]() mutable { old.reset(); });
  }

signals:
  void opening(const QString &what); // a display name of what is being opened
  void openFailed(const QString &path, core::Project::OpenError error, const QString &message);
  // The open project is about to be replaced (store() is still the old one).
  void projectClosing();
  // A project was opened (store(), mapData(), path() are the new one).
  void projectOpened();
  // A map read on a worker is shown (after a write or an as-of change). A map for a date that is
  // no longer asked is dropped, and this not emitted.
  void mapReloaded();
  // Emitted just before mapReloaded when the map was re-read after a write.
  void dataChanged();
  void mapReadFailed(const QString &message);
  void asOfChanged(const QString &date);
  void userChanged();
  // Reading (opening or re-reading the map) started or ended; `message` says what.
  void loadingChanged(bool loading, const QString &message);
  void busyChanged(bool busy);

private:
  struct Read;
  void opened(Read read);
  void startReload();
  void reloaded(Read read, const QString &asOf, bool afterWrite, bool cancelled);
  void closeEditing();

  TaskRunner mTasks;
  TaskRunner::Lane mOpenLane;
  TaskRunner::Lane mReadLane;
  TaskRunner::Lane mFreeLane;
  std::shared_ptr<data::Store> mStore;
  std::shared_ptr<const layers::MapData> mMap;
  QString mPath;
  QString mOpeningPath;
  QString mAsOf;
  bool mFieldCopy = false;
  bool mReadOnly = false;
  bool mOpening = false;
  bool mReloadRunning = false;
  bool mReloadPending = false;
  bool mWritePending = false; // a reload asked after a write is still to be read
  QUndoStack *mStack;
  std::unique_ptr<layers::EditContext> mEdit;
  std::optional<data::User> mUser;
};

} // namespace core
