import DefaultTheme from 'vitepress/theme';
// KaTeX renders math to HTML at build time; its stylesheet and fonts are
// bundled from the katex package so formulas render without any CDN.
import 'katex/dist/katex.min.css';
import './custom.css';

export default DefaultTheme;
