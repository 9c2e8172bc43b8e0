import { render } from 'preact';
import { t, uiLanguage } from '@/lib/i18n';
import { WelcomeApp } from './WelcomeApp';
import './welcome.css';

document.documentElement.lang = uiLanguage();
document.title = t('firstRun.title');
render(<WelcomeApp />, document.getElementById('app')!);
