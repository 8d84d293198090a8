using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Crm.Sales.Contracts;

namespace Crm.Sales.Features.Import;

/// <summary>
/// What every import reads passes through here, whatever the format: the (decompressed) content, checked as it streams
/// by, so a reader never sees more than <see cref="OrderImportLimits.MaxDecompressedBytes"/> bytes, a line longer than
/// <see cref="OrderImportLimits.MaxLineBytes"/>, a byte that is not UTF-8 text, or the silent end of a truncated gzip.
/// Each is an <see cref="OrderImportException"/> naming the bound or the offset. Every reader reads the whole file once
/// before it yields its first order, so a file that breaks a rule stops the import before anything is written.
/// </summary>
internal sealed class ImportGuard : Stream
{
    // Text files have tab, line feed and carriage return; any other C0 control (NUL above all) means binary content.
    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream inner;
    private readonly Stream file;
    private readonly bool gzip;
    private readonly OrderImportLimits limits;
    private readonly Decoder utf8 = StrictUtf8.GetDecoder();
    private readonly Crc32? crc;
    private char[] chars = [];
    private long total;
    private long lineBytes;
    private bool ended;

    private ImportGuard(Stream file, bool gzip, OrderImportLimits limits)
    {
        this.file = file;
        this.gzip = gzip;
        this.limits = limits;
        inner = gzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        crc = gzip ? new Crc32() : null;
    }

    public static Stream Open(string path, OrderImportLimits limits)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ImportFile.BufferSize, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        var gzip = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        return new BufferedStream(new ImportGuard(file, gzip, limits), ImportFile.BufferSize);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }

        return Check(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }

        return Check(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Check(Span<byte> chunk)
    {
        if (chunk.Length == 0)
        {
            End();
            return 0;
        }

        if (total + chunk.Length > limits.MaxDecompressedBytes)
        {
            throw new OrderImportException(string.Create(CultureInfo.InvariantCulture,
                $"The file holds more than {limits.MaxDecompressedBytes:N0} bytes{(gzip ? " once decompressed" : "")} (Import:MaxDecompressedBytes); the import stopped before writing anything."));
        }

        var control = chunk.IndexOfAny(Controls);
        if (control >= 0)
        {
            throw new OrderImportException(string.Create(CultureInfo.InvariantCulture,
                $"The file is not text: byte 0x{chunk[control]:X2} at offset {total + control:N0}{(gzip ? " of the decompressed content" : "")} is a control character; the import stopped before writing anything."));
        }

        if (chars.Length < chunk.Length)
        {
            chars = new char[chunk.Length];
        }

        try
        {
            utf8.GetChars(chunk, chars, flush: false);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(total + chunk.Length);
        }

        CheckLines(chunk);
        crc?.Append(chunk);
        total += chunk.Length;
        return chunk.Length;
    }

    private void CheckLines(ReadOnlySpan<byte> chunk)
    {
        while (true)
        {
            var newline = chunk.IndexOf((byte)'\n');
            var length = newline < 0 ? chunk.Length : newline;
            lineBytes += length;
            if (lineBytes > limits.MaxLineBytes)
            {
                throw new OrderImportException(string.Create(CultureInfo.InvariantCulture,
                    $"A line of the file is longer than {limits.MaxLineBytes:N0} bytes (Import:MaxLineBytes), near offset {total:N0}; the import stopped before writing anything."));
            }

            if (newline < 0)
            {
                return;
            }

            lineBytes = 0;
            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>
    /// At the end: no half character, and for gzip the trailer (CRC-32 and size of the content, the file's last 8 bytes)
    /// must match what was read. .NET's GZipStream ends quietly where a truncated file ends, so this is what tells a cut
    /// download from a whole one. A file of concatenated gzip members ends with the last member's trailer only and is
    /// reported too: recompress it as one.
    /// </summary>
    private void End()
    {
        if (ended)
        {
            return;
        }

        ended = true;
        try
        {
            utf8.GetChars([], chars, flush: true);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(total);
        }

        if (crc is null)
        {
            return;
        }

        Span<byte> trailer = stackalloc byte[8];
        file.Seek(-Math.Min(8, file.Length), SeekOrigin.End);
        var read = file.ReadAtLeast(trailer, 8, throwOnEndOfStream: false);
        if (read < 8
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc.GetCurrentHashAsUInt32()
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != unchecked((uint)total))
        {
            throw new OrderImportException(string.Create(CultureInfo.InvariantCulture,
                $"The gzip file is truncated or corrupt: its content ends after {total:N0} bytes without the gzip end (checksum and size) that a whole file has. Nothing was imported; import the complete file."));
        }
    }

    private static OrderImportException Corrupt(InvalidDataException ex) =>
        new($"The gzip file is corrupt ({ex.Message}). Nothing was imported; import an intact file.");

    private OrderImportException NotUtf8(long within) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"The file is not UTF-8 text: an invalid byte sequence within its first {within:N0} bytes{(gzip ? " of the decompressed content" : "")}. Save it as UTF-8 (or plain ASCII); the import stopped before writing anything."));
}
