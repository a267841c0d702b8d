namespace Cameras.Evidence.Live;

/// <summary>
/// Cuts the body of a PUT into what the relay forwards as soon as it is complete: the init segment (through the
/// end of moov) and each fragment (the boxes before it, such as styp or prft, through the end of its mdat).
/// Everything received is kept, so the segment is the exact bytes pushed. Pure: bytes in, units out.
/// </summary>
public sealed class FragmentSplitter(long maxBytes)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private int _unitStart;
    private int _scan;

    public long Length => _length;

    /// <summary>The whole segment so far.</summary>
    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, _length);

    public enum UnitKind { Init, Fragment }

    public readonly record struct Unit(UnitKind Kind, ReadOnlyMemory<byte> Data);

    /// <summary>Appends bytes and returns the units they completed.</summary>
    /// <exception cref="InvalidDataException">not fMP4</exception>
    /// <exception cref="SegmentTooLargeException">more than the allowed size</exception>
    public List<Unit> Append(ReadOnlySpan<byte> data)
    {
        if (_length + (long)data.Length > maxBytes) throw new SegmentTooLargeException(maxBytes);
        if (_length + data.Length > _buffer.Length) Array.Resize(ref _buffer, (int)Math.Min(maxBytes, Math.Max(_buffer.Length * 2L, _length + data.Length)));
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        var units = new List<Unit>();
        while (IsoBox.TryRead(_buffer.AsSpan(_scan, _length - _scan), topLevel: true, out var box))
        {
            if (_scan + box.Size > maxBytes) throw new SegmentTooLargeException(maxBytes);
            if (_scan + box.Size > _length) break;
            _scan += (int)box.Size;
            var kind = box.Type switch { "moov" => UnitKind.Init, "mdat" => UnitKind.Fragment, _ => (UnitKind?)null };
            if (kind is null) continue;
            units.Add(new Unit(kind.Value, _buffer.AsSpan(_unitStart, _scan - _unitStart).ToArray()));
            _unitStart = _scan;
        }
        return units;
    }

    /// <summary>At the end of the body: whether the bytes ended on a box boundary, and the bytes after the last unit.</summary>
    public (bool Complete, ReadOnlyMemory<byte> Tail) Finish() =>
        (_scan == _length, _buffer.AsMemory(_unitStart, _length - _unitStart));
}
