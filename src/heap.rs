//! The wasm module's allocator: blocks in power-of-two sizes, each size with
//! its own free list, carved from pages the module grows. It is a fraction
//! of the size of the standard library's dlmalloc and as quick for what a
//! playground does, which is allocating the same few sizes over and over:
//! a freed block goes to the next request of its size, so memory stays flat
//! however long training runs. A block never shrinks or merges with its
//! neighbours; the price is up to twice the memory for a large buffer.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65536;
/// Blocks are aligned to their size up to this; larger alignments are refused.
const MAX_ALIGN: usize = 4096;

struct Heap {
    /// `free[c]`: the last freed block of 2^c bytes; each free block holds
    /// the address of the one freed before it.
    free: [*mut u8; usize::BITS as usize],
    /// Where the next new block may start, and the end of memory.
    next: usize,
    end: usize,
}

pub struct Allocator(UnsafeCell<Heap>);

// wasm32 without threads: one caller at a time.
unsafe impl Sync for Allocator {}

impl Allocator {
    pub const fn new() -> Self {
        Allocator(UnsafeCell::new(Heap {
            free: [null_mut(); usize::BITS as usize],
            next: 0,
            end: 0,
        }))
    }
}

/// log2 of the block size that holds `layout`.
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(8);
    if layout.align() > MAX_ALIGN || size > usize::MAX / 2 {
        return None;
    }
    Some(size.next_power_of_two().trailing_zeros() as usize)
}

impl Heap {
    /// A new block of 2^c bytes from the end of the heap, growing memory when needed.
    fn carve(&mut self, c: usize) -> *mut u8 {
        let size = 1 << c;
        let align = size.min(MAX_ALIGN);
        if self.end == 0 {
            self.end = wasm32::memory_size(0) * PAGE;
            self.next = self.end;
        }
        loop {
            // Checked: near the top of a 4 GiB memory the sums would wrap
            // round to a small address that seems to fit.
            let Some(start) = self.next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
                return null_mut();
            };
            let Some(stop) = start.checked_add(size) else {
                return null_mut();
            };
            if stop <= self.end {
                self.next = stop;
                return start as *mut u8;
            }
            let pages = (stop - self.end).div_ceil(PAGE);
            let old = wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            if old * PAGE != self.end {
                // Someone else grew memory meanwhile: carry on after their pages.
                self.next = old * PAGE;
            }
            self.end = (old + pages) * PAGE;
        }
    }
}

// Out of line: called from everywhere, and small enough that the optimiser
// would otherwise copy it into every caller.
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else {
            return null_mut();
        };
        let heap = &mut *self.0.get();
        let head = heap.free[c];
        if head.is_null() {
            return heap.carve(c);
        }
        heap.free[c] = *(head as *mut *mut u8);
        head
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(c) = class(layout) {
            let heap = &mut *self.0.get();
            *(ptr as *mut *mut u8) = heap.free[c];
            heap.free[c] = ptr;
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(new) == class(layout) {
            return ptr;
        }
        let moved = self.alloc(new);
        if !moved.is_null() {
            core::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn blocks_are_aligned_reused_and_keep_their_contents() {
        let heap = Allocator::new();
        let layout = |size, align| Layout::from_size_align(size, align).unwrap();
        unsafe {
            for (size, align) in [(1, 1), (8, 8), (24, 8), (100, 16), (5000, 4096), (70000, 8)] {
                let p = heap.alloc(layout(size, align));
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0, "{size} aligned to {align}");
                core::ptr::write_bytes(p, 7, size);
                heap.dealloc(p, layout(size, align));
                // the next request of its size gets the same block back
                assert_eq!(heap.alloc(layout(size, align)), p);
            }
            let p = heap.alloc(layout(10, 8));
            for i in 0..10 {
                *p.add(i) = i as u8;
            }
            let q = heap.realloc(p, layout(10, 8), 16);
            assert_eq!(q, p, "within its block");
            let r = heap.realloc(q, layout(16, 8), 1000);
            assert_ne!(r, q);
            assert!((0..10).all(|i| *r.add(i) == i as u8));
            assert_eq!(heap.alloc(layout(12, 8)), q, "the old block is free again");
            assert!(heap.alloc(layout(8, 8192)).is_null());
        }
    }

    #[wasm_bindgen_test]
    fn a_block_past_the_top_of_memory_is_refused_not_wrapped() {
        let top = usize::MAX - 5000;
        let mut heap = Heap {
            free: [null_mut(); usize::BITS as usize],
            next: top,
            end: usize::MAX - 10,
        };
        // 8 KiB aligned to 4 KiB starts 4 KiB below the top: its end wraps round
        assert!(heap.carve(13).is_null());
        assert_eq!(heap.next, top, "nothing was handed out");
        heap.next = usize::MAX - 2;
        assert!(heap.carve(3).is_null(), "aligning would wrap round");
        assert_eq!(heap.next, usize::MAX - 2);
    }
}
