import Box from '@mui/material/Box';
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** Dark modules of `text` as a QR code (error correction M, smallest version that fits). */
export function qrModules(text: string): { size: number; path: string } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++)
      if (qr.isDark(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
  return { size, path: parts.join('') };
}

/**
 * A QR code drawn as one SVG path (crisp at any size, no canvas, no HTML injection). Always dark
 * on white with a quiet zone, whatever the theme: phone cameras need the contrast.
 */
export function QrCode({
  text,
  label,
  size = 200,
}: {
  text: string;
  label: string;
  size?: number;
}) {
  const { size: modules, path } = useMemo(() => qrModules(text), [text]);
  const quiet = 4;
  const box = modules + quiet * 2;
  return (
    <Box
      component="svg"
      role="img"
      aria-label={label}
      viewBox={`${-quiet} ${-quiet} ${box} ${box}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      sx={{ bgcolor: '#fff', borderRadius: 1, display: 'block' }}
    >
      <rect x={-quiet} y={-quiet} width={box} height={box} fill="#fff" />
      <path d={path} fill="#000" />
    </Box>
  );
}
