package output

import (
	"io"
	"io/fs"
	"syscall"
)

// maxWrite is the most one write call is asked to write (as os does:
// Linux writes at most about 2 GB a call).
const maxWrite = 1 << 30

// writeFile is os.WriteFile(name, data, 0o644) in three system calls. On
// Linux, os.OpenFile offers each file to the runtime's poller, which
// cannot watch a regular file: four fcntl calls and a failed epoll_ctl
// more per file, half of the system calls of writing a page.
func writeFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data[:min(len(data), maxWrite)])
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n <= 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
