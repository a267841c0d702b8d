using System.Buffers.Binary;
using Cameras.Evidence.Live;

namespace Cameras.Ingest.Gateway;

/// <summary>
/// Reads a fragmented MP4 stream (what ffmpeg writes to its standard output) unit by unit: the init segment (every box
/// through moov), then each fragment (the boxes before a moof, such as prft, through its mdat). One box is held in
/// memory at a time, never the stream.
/// </summary>
public sealed class Fmp4Reader(Stream input, int maxBox)
{
    private readonly byte[] _header = new byte[16];

    public readonly record struct Unit(bool IsInit, byte[] Bytes);

    public async IAsyncEnumerable<Unit> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new MemoryStream();
        while (await ReadBoxAsync(pending, cancellationToken) is { } type)
        {
            if (type is not ("moov" or "mdat")) continue;
            yield return new Unit(type == "moov", pending.ToArray());
            pending.SetLength(0);
        }
    }

    /// <summary>Appends the next whole box to <paramref name="into"/>; null at the end of the stream.</summary>
    private async Task<string?> ReadBoxAsync(MemoryStream into, CancellationToken cancellationToken)
    {
        if (!await FillAsync(_header.AsMemory(0, 8), cancellationToken)) return null;
        long size = BinaryPrimitives.ReadUInt32BigEndian(_header);
        var header = 8;
        if (size == 1)
        {
            if (!await FillAsync(_header.AsMemory(8, 8), cancellationToken)) throw new InvalidDataException("the stream ends inside a box header");
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(8));
            header = 16;
        }
        if (!IsoBox.TryRead(_header.AsSpan(0, header), topLevel: true, out _) || size < header || size > maxBox)
            throw new InvalidDataException($"a box of {size} bytes is not what a live fMP4 stream holds");
        into.Write(_header, 0, header);
        var body = new byte[size - header];
        if (!await FillAsync(body, cancellationToken)) throw new InvalidDataException("the stream ends inside a box");
        into.Write(body);
        return IsoBoxType(_header);
    }

    private static string IsoBoxType(byte[] header) => System.Text.Encoding.ASCII.GetString(header, 4, 4);

    private async Task<bool> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var at = 0;
        while (at < buffer.Length)
        {
            var read = await input.ReadAsync(buffer[at..], cancellationToken);
            if (read == 0) return at == 0 ? false : throw new InvalidDataException("the stream ends inside a box");
            at += read;
        }
        return true;
    }
}
