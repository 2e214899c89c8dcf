// Downloading a dataset's files for `genlab data fetch`, natively through libcurl (http, https and
// file:// URLs). Each file is downloaded into memory, verified against its md5 (data/dataset.h's
// verify_md5), and only then written, to a temporary file in the destination folder that is
// renamed into place: an interrupted or failed fetch never leaves a partial or unverified file.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace genlab {

struct FetchOptions {
  std::vector<std::string> mirrors;  // base URLs tried in order; empty: the dataset's own
  std::FILE* log = stderr;           // progress and mirror failures; nullptr for none
};

struct FetchedFile {
  std::string path;  // where the file is now
  std::string url;   // where it came from; empty when it was already present
};

// Makes sure every file of `spec` can be loaded from `dir` and is verified: a file that loading
// finds (data/dataset.h: in DIR/<dataset>/, DIR, or a built-in folder) and that passes its checksum
// is left alone; any other is downloaded as <mirror><file>.gz into DIR/<dataset>/. When some file
// cannot be had from any mirror, the others are still fetched, then genlab::Error lists every URL
// tried and why it failed.
std::vector<FetchedFile> fetch_dataset(const DatasetSpec& spec, const DataDir& dir, const FetchOptions& options);

// One URL's body; throws genlab::Error naming the URL and libcurl's reason. `label` names the
// download in progress lines.
std::vector<std::uint8_t> download(const std::string& url, const std::string& label, std::FILE* log);

}  // namespace genlab
