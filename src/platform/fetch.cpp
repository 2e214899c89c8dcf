#include "platform/fetch.h"

#include <curl/curl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/check.h"
#include "data/idx.h"

namespace genlab {

namespace {

// What one transfer has received, and what its progress line last showed.
struct Transfer {
  std::vector<std::uint8_t> body;
  bool too_large = false;
  std::string label;
  std::FILE* log = nullptr;
  bool tty = false;
  bool drew = false;                               // a progress line was printed
  long mark = -1;                                  // into a log file: the last quarter or 5 MB printed
  std::chrono::steady_clock::time_point drawn_at;  // on a terminal: when the line was last redrawn
};

std::size_t on_data(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  if (t->body.size() + bytes > kIdxMaxBytes) {
    t->too_large = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  t->body.insert(t->body.end(), data, data + bytes);
  return bytes;
}

std::string size_str(curl_off_t n) {
  char s[32];
  if (n < 1000000) {
    std::snprintf(s, sizeof s, "%.1f kB", static_cast<double>(n) / 1e3);
  } else {
    std::snprintf(s, sizeof s, "%.1f MB", static_cast<double>(n) / 1e6);
  }
  return s;
}

// On a terminal one line redrawn in place, at most every 100 ms; into a log file a few lines.
int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->log || now == 0) return 0;
  const long percent = total > 0 ? static_cast<long>(100 * now / total) : -1;
  const auto clock = std::chrono::steady_clock::now();
  if (t->tty) {
    const bool done = percent == 100;
    if (done ? t->mark == 100 : clock - t->drawn_at < std::chrono::milliseconds(100)) return 0;
    t->mark = percent;
    t->drawn_at = clock;
    if (percent < 0) {
      std::fprintf(t->log, "\r  %s: %s   ", t->label.c_str(), size_str(now).c_str());
    } else {
      std::fprintf(t->log, "\r  %s: %s of %s (%ld%%)   ", t->label.c_str(), size_str(now).c_str(),
                   size_str(total).c_str(), percent);
    }
  } else {
    // A line per quarter, or per 5 MB when the size is unknown.
    const long mark = percent >= 0 ? percent / 25 : static_cast<long>(now / 5000000);
    if (mark == t->mark) return 0;
    t->mark = mark;
    if (percent < 0) {
      std::fprintf(t->log, "  %s: %s\n", t->label.c_str(), size_str(now).c_str());
    } else {
      std::fprintf(t->log, "  %s: %s of %s (%ld%%)\n", t->label.c_str(), size_str(now).c_str(), size_str(total).c_str(),
                   percent);
    }
  }
  t->drew = true;
  std::fflush(t->log);
  return 0;
}

std::string join(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / name).string();
}

// Writes through a temporary file beside `path`, renamed over it once complete and synced, so that
// `path` is either absent, its old self, or the complete new file.
void write_atomically(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  GENLAB_CHECK(!ec, folder.string(), ": cannot create the folder: ", ec.message());
  std::string tmp = path + ".part-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  GENLAB_CHECK(fd >= 0, path, ": cannot create a temporary file beside it: ", std::strerror(errno));
  struct Cleanup {
    std::string path;
    int fd;
    bool done = false;
    ~Cleanup() {
      if (fd >= 0) ::close(fd);
      if (!done) ::unlink(path.c_str());
    }
  } cleanup{tmp, fd};
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    GENLAB_CHECK(n > 0, tmp, ": write failed: ", std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  GENLAB_CHECK(::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0, tmp, ": cannot finish writing: ", std::strerror(errno));
  const int closed = ::close(fd);
  cleanup.fd = -1;
  GENLAB_CHECK(closed == 0, tmp, ": cannot finish writing: ", std::strerror(errno));
  GENLAB_CHECK(::rename(tmp.c_str(), path.c_str()) == 0, path,
               ": cannot move the download into place: ", std::strerror(errno));
  cleanup.done = true;
}

// The copy of `file` that loading would use (data/dataset.h's find_file) when it passes its
// checksum, else "". A copy that fails is reported; the download then goes to the dataset's folder
// in the data directory, which loading looks in first.
std::string verified_copy(const DatasetSpec& spec, const IdxFileSpec& file, const DataDir& dir, std::FILE* log) {
  const std::string path = find_file(spec, file, dir);
  if (path.empty()) return "";
  try {
    verify_md5(file, read_file_bytes(path), path);
    return path;
  } catch (const Error& e) {
    if (log) std::fprintf(log, "  %s\n  downloading it again\n", e.what());
    return "";
  }
}

}  // namespace

std::vector<std::uint8_t> download(const std::string& url, const std::string& label, std::FILE* log) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
  GENLAB_CHECK(curl, url, ": libcurl failed to start");
  char error[CURL_ERROR_SIZE] = "";
  Transfer t;
  t.label = label;
  t.log = log;
  t.tty = log && ::isatty(::fileno(log));
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);  // HTTP 4xx and 5xx are errors, not bodies
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1000L);  // give up below 1 kB/s for a minute
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "genlab");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  const CURLcode rc = curl_easy_perform(c);
  if (t.tty && t.drew) std::fprintf(log, "\n");
  GENLAB_CHECK(!t.too_large, url, ": more than ", kIdxMaxBytes, " bytes, not a dataset file");
  GENLAB_CHECK(rc == CURLE_OK, url, ": ", error[0] ? error : curl_easy_strerror(rc));
  return std::move(t.body);
}

std::vector<FetchedFile> fetch_dataset(const DatasetSpec& spec, const DataDir& dir, const FetchOptions& options) {
  const std::string folder = join(dir.path, spec.name);
  const std::vector<std::string>& mirrors = options.mirrors.empty() ? spec.mirrors : options.mirrors;
  std::vector<FetchedFile> fetched;
  std::string failures;
  for (const IdxFileSpec* file : spec.files()) {
    if (std::string present = verified_copy(spec, *file, dir, options.log); !present.empty()) {
      fetched.push_back({present, ""});
      continue;
    }
    const std::string name = std::string(file->name) + ".gz";
    std::string tried;
    bool got = false;
    for (const std::string& mirror : mirrors) {
      const std::string url = mirror + (mirror.empty() || mirror.back() == '/' ? "" : "/") + name;
      std::vector<std::uint8_t> bytes;
      try {
        bytes = download(url, std::string(spec.name) + "/" + name, options.log);
        verify_md5(*file, bytes, url);
      } catch (const Error& e) {
        if (options.log) std::fprintf(options.log, "  %s\n", e.what());
        tried += std::string("\n  ") + e.what();
        continue;
      }
      write_atomically(join(folder, name), bytes);
      fetched.push_back({join(folder, name), url});
      got = true;
      break;
    }
    if (!got) failures += "\n" + name + ": no mirror gave a verified copy; tried:" + tried;
  }
  GENLAB_CHECK(failures.empty(), spec.title, ": could not fetch every file into ", folder, failures);
  return fetched;
}

}  // namespace genlab
