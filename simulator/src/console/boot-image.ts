/**
 * Builds a one-sector x86 boot image that prints `message` through BIOS teletype output and halts,
 * so a QEMU guest with no OS still shows who it is on its VGA screen.
 */
export function buildBootImage(message: string): Buffer {
  const text = Buffer.from(message.replace(/[^\x20-\x7e\r\n]/g, '?').slice(0, 400), 'latin1');
  const code: number[] = [
    0xfa, // cli
    0x31,
    0xc0, // xor ax, ax
    0x8e,
    0xd8, // mov ds, ax
    0x8e,
    0xd0, // mov ss, ax
    0xbc,
    0x00,
    0x7c, // mov sp, 0x7c00
    0xfb, // sti
    0xfc, // cld
    0xbe,
    0x00,
    0x00, // mov si, <message> (patched below)
    0xb4,
    0x0e, // mov ah, 0x0e (teletype)
    0xbb,
    0x07,
    0x00, // mov bx, 0x0007 (page 0, grey)
    0xac, // next: lodsb
    0x84,
    0xc0, // test al, al
    0x74,
    0x04, // jz halt
    0xcd,
    0x10, // int 0x10
    0xeb,
    0xf7, // jmp next
    0xf4, // halt: hlt
    0xeb,
    0xfd, // jmp halt
  ];
  const msgAddr = 0x7c00 + code.length;
  code[13] = msgAddr & 0xff;
  code[14] = msgAddr >> 8;
  const image = Buffer.alloc(64 * 1024);
  Buffer.from(code).copy(image, 0);
  text.copy(image, code.length);
  image[code.length + text.length] = 0;
  image[510] = 0x55;
  image[511] = 0xaa;
  return image;
}
