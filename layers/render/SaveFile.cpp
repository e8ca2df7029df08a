#include "layers/render/SaveFile.h"

#include "data/store/OutputPath.h"

#include <stdexcept>

namespace layers {

void commitSaveFile(QSaveFile &file, const std::string &path, const std::string &what)
{
  if (!file.flush() || data::fileSystemFull(path)) {
    const bool full = data::fileSystemFull(path);
    const std::string reason = file.errorString().toStdString();
    file.cancelWriting();
    file.commit(); // removes the temporary file; the target is untouched
    throw std::runtime_error(
        path + (full ? ": disk full, nothing written" : ": cannot write" + what + ": " + reason));
  }
  if (!file.commit())
    throw std::runtime_error(path + ": cannot write" + what + ": " + file.errorString().toStdString());
}

} // namespace layers
