import { render } from 'preact';
import { t, uiLanguage } from '@/lib/i18n';
import { OptionsApp } from './OptionsApp';
import './style.css';

document.documentElement.lang = uiLanguage();
document.title = t('options.title');
render(<OptionsApp />, document.getElementById('app')!);
