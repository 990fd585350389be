"""The short-time Fourier transform and its inverse (torch.stft, torch.istft), composed of differentiable ops:
frames cut with unfold, windowed, transformed by minitorch.fft; the inverse transforms the frames back and
overlap-adds them with fold, dividing by the overlap-added squared window."""
import warnings

from ..tensor import Tensor
from ._util import require_tensors

_NO_WINDOW = ("A window was not provided. A rectangular window will be applied,which is known to cause spectral "
              "leakage. Other windows such as torch.hann_window or torch.hamming_window are recommended to reduce "
              "spectral leakage.To suppress this warning and use a rectangular window, explicitly set "
              "`window=torch.ones(n_fft, device=<device>)`.")
_NO_WINDOW_ISTFT = ("A window was not provided. A rectangular window will be applied.Please provide the same window "
                    "used by stft to make the inversion lossless.To suppress this warning and use a rectangular "
                    "window, explicitly set `window=torch.ones(n_fft, device=<device>)`.")


def _described(t, padding=0):
    """t as torch's messages show it ("torch.FloatTensor[28]"), its last dim longer by padding."""
    shape = list(t.shape[:-1]) + [t.shape[-1] + padding]
    return "%s[%s]" % (t.type(), ", ".join(str(n) for n in shape))


def _frame_window(x, n_fft, win_length, window, warning):
    """The window as the frames take it: n_fft long, a shorter one centred with zeros either side (none given:
    ones, with torch's warning)."""
    if window is None:
        warnings.warn(warning, UserWarning, stacklevel=3)
        window = Tensor._ones((win_length,), x.dtype.to_real(), x.device)
    if win_length < n_fft:
        from ..nn.functional import pad
        left = (n_fft - win_length) // 2
        window = pad(window, (left, n_fft - win_length - left))
    return window


def stft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, pad_mode="reflect",
         normalized=False, onesided=None, return_complex=None, align_to_window=None):
    """Spectra of the signal's frames: shape (batch?, frequencies, frames). Frame t starts at t * hop_length (the
    signal padded by n_fft // 2 on both sides when center); frequencies n_fft // 2 + 1 when onesided."""
    require_tensors("stft", input=input)
    from .. import fft
    hop_length = n_fft // 4 if hop_length is None else hop_length
    win_length = n_fft if win_length is None else win_length
    complex_input = input.dtype.is_complex or window is not None and window.dtype.is_complex
    if return_complex is None and not complex_input:
        raise RuntimeError("stft requires the return_complex parameter be given for real inputs, and will further "
                           "require that return_complex=True in a future PyTorch release.")
    if input.dim() not in (1, 2):
        raise RuntimeError("%s : expected a 1D or 2D tensor" % _stft_call(
            input, n_fft, hop_length, win_length, window, normalized, onesided, return_complex,
            2 * (n_fft // 2) if center else 0))
    x = input if input.dim() == 2 else input.unsqueeze(0)
    if center:
        from ..nn.functional import pad
        x = pad(x.unsqueeze(0), (n_fft // 2, n_fft // 2), mode=pad_mode).squeeze(0)
    call = _stft_call(x if input.dim() == 2 else x[0], n_fft, hop_length, win_length, window, normalized, onesided,
                      return_complex)
    if not 0 < n_fft <= x.shape[-1]:
        raise RuntimeError("%s : expected 0 < n_fft < %d, but got n_fft=%d" % (call, x.shape[-1], n_fft))
    if hop_length <= 0:
        raise RuntimeError("%s : expected hop_length > 0, but got hop_length=%d" % (call, hop_length))
    if not 0 < win_length <= n_fft:
        raise RuntimeError("%s : expected 0 < win_length <= n_fft, but got win_length=%d" % (call, win_length))
    if window is not None and (window.dim() != 1 or window.shape[0] != win_length):
        raise RuntimeError("%s : expected a 1D window tensor of size equal to win_length=%d, but got window with "
                           "size %s" % (call, win_length, list(window.shape)))
    if onesided and complex_input:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    frames = x.unfold(-1, n_fft, hop_length) * _frame_window(x, n_fft, win_length, window, _NO_WINDOW)
    norm = "ortho" if normalized else "backward"
    one_sided = not complex_input if onesided is None else onesided
    spectra = (fft.rfft(frames, norm=norm) if one_sided else fft.fft(frames, norm=norm)).transpose(-1, -2)
    if input.dim() == 1:
        spectra = spectra.squeeze(0)
    if not return_complex:
        warnings.warn("stft with return_complex=False is deprecated. In a future pytorch release, stft will return "
                      "complex tensors for all inputs, and return_complex=False will raise an error.\nNote: you can "
                      "still call torch.view_as_real on the complex output to recover the old return format.",
                      UserWarning, stacklevel=2)
        from .complex import view_as_real
        return view_as_real(spectra)
    return spectra


def _stft_call(x, n_fft, hop_length, win_length, window, normalized, onesided, return_complex, padding=0):
    """stft's arguments as torch's error messages repeat them (x as padded, when padding is still to come)."""
    shown = "None" if window is None else "%s{%s}" % (window.type(), list(window.shape))
    return ("stft(%s, n_fft=%d, hop_length=%d, win_length=%d, window=%s, normalized=%d, onesided=%s, "
            "return_complex=%s, align_to_window=None)" % (_described(x, padding), n_fft, hop_length, win_length, shown,
                                                          normalized, _flag(onesided), _flag(return_complex)))


def _flag(value):
    return "None" if value is None else str(int(value))


def istft(input, n_fft, hop_length=None, win_length=None, window=None, center=True, normalized=False,
          onesided=None, length=None, return_complex=False):
    """The signal whose stft is input (given the same window): each frame's inverse transform, windowed again,
    overlap-added, and divided by the overlap-added squared window."""
    require_tensors("istft", input=input)
    from .. import fft
    from ..nn.functional import fold
    hop_length = n_fft // 4 if hop_length is None else hop_length
    win_length = n_fft if win_length is None else win_length
    spectra = input if input.dim() == 3 else input.unsqueeze(0)
    n_frames = spectra.shape[-1]
    one_sided = spectra.shape[-2] != n_fft if onesided is None else onesided
    if one_sided and return_complex:
        raise RuntimeError("Cannot have onesided output if window or input is complex")
    norm = "ortho" if normalized else "backward"
    frames = spectra.transpose(-1, -2)
    frames = fft.irfft(frames, n=n_fft, norm=norm) if one_sided else fft.ifft(frames, n=n_fft, norm=norm)
    if not return_complex and frames.dtype.is_complex:
        frames = frames.real
    given_window, window = window, _frame_window(frames, n_fft, win_length, window, _NO_WINDOW_ISTFT)
    total = n_fft + hop_length * (n_frames - 1)

    def overlap_add(f):  # (batch, frames, n_fft) -> (batch, total): frame t added at t * hop_length
        return fold(f.transpose(-1, -2), (1, total), (1, n_fft), stride=(1, hop_length)).reshape(f.shape[0], total)
    windowed = frames * window
    if windowed.dtype.is_complex:
        from .complex import complex as make_complex
        signal = make_complex(overlap_add(windowed.real), overlap_add(windowed.imag))
    else:
        signal = overlap_add(windowed)
    envelope = overlap_add((window * window).expand(1, n_frames, n_fft))
    start = n_fft // 2 if center else 0
    end = total - (n_fft // 2 if center else 0) if length is None else start + length
    envelope = envelope[:, start:end]
    if bool((envelope.abs() < 1e-11).any()):
        raise RuntimeError("istft(%s, n_fft=%d, hop_length=%d, win_length=%d, window=%s, center=%d, normalized=%d, "
                           "onesided=%s, length=%s, return_complex=%d) window overlap add min: 1\n[ CPUBoolType{} ]"
                           % (_complex_description(input), n_fft, hop_length, win_length,
                              "None" if given_window is None else "%s{%s}" % (given_window.type(),
                                                                               list(given_window.shape)), center,
                              normalized, _flag(onesided), length, return_complex))
    signal = signal[:, start:end] / envelope
    if length is not None and signal.shape[-1] < length:
        warnings.warn("The length of signal is shorter than the length parameter. Result is being padded with zeros "
                      "in the tail. Please check your center and hop_length settings.", UserWarning, stacklevel=2)
        from ..nn.functional import pad
        signal = pad(signal, (0, length - signal.shape[-1]))
    return signal if input.dim() == 3 else signal.squeeze(0)


def _complex_description(t):
    return "CPU%sType[%s]" % ({"complex64": "ComplexFloat", "complex128": "ComplexDouble"}.get(t.dtype.name, "Float"),
                              ", ".join(str(n) for n in t.shape))


FUNCTIONS = ["stft", "istft"]
NOT_METHODS = set()
